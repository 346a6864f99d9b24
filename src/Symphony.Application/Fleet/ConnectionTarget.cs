using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>
/// Where to connect: an instance's address and the database to open, how the connection is secured, and whether
/// the server may be sent the password itself without a verified certificate (the node's setting allows it for all).
/// </summary>
public sealed record ConnectionTarget(
    string DbType, string Host, int Port, string? DatabaseName, TlsMode Tls = TlsMode.Prefer, bool AllowCleartextPassword = false);

/// <summary>How long a connection and each statement on it may take.</summary>
public sealed record ConnectionLimits(TimeSpan Connect, TimeSpan Statement)
{
    public static ConnectionLimits Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
}

/// <summary>What a server says of itself when reached.</summary>
public sealed record ServerFacts(string Version, int MajorVersion);
