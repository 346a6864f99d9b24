namespace Symphony.Application.Fleet;

/// <summary>Where to connect: an instance's address and the database to open.</summary>
public sealed record ConnectionTarget(string DbType, string Host, int Port, string? DatabaseName);

/// <summary>How long a connection and each statement on it may take.</summary>
public sealed record ConnectionLimits(TimeSpan Connect, TimeSpan Statement)
{
    public static ConnectionLimits Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
}

/// <summary>What a server says of itself when reached.</summary>
public sealed record ServerFacts(string Version, int MajorVersion);
