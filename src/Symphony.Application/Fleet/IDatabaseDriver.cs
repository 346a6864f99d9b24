using Symphony.Application.Credentials;

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

/// <summary>Why a target could not be used, in words a DBA acts on.</summary>
public static class ConnectionFailureReasons
{
    public const string Unreachable = "unreachable";
    public const string AuthenticationFailed = "authentication_failed";
    public const string Timeout = "timeout";
    public const string Tls = "tls";
    public const string DatabaseNotFound = "database_not_found";
    public const string PermissionDenied = "permission_denied";
    public const string Protocol = "protocol";
    /// <summary>The target failed its last calls and is left alone for a while (the circuit breaker is open).</summary>
    public const string CircuitOpen = "circuit_open";
}

/// <summary>A target database refused or could not be reached; the message never holds the secret.</summary>
public sealed class DatabaseConnectionException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Reason { get; } = reason;
}

/// <summary>The seam for a database engine: one driver per db type; a type without one is UNSUPPORTED_DB_TYPE.</summary>
public interface IDatabaseDriver
{
    string DbType { get; }

    /// <summary>Connects, reads the server's version, disconnects. Throws <see cref="DatabaseConnectionException"/>.</summary>
    Task<ServerFacts> ProbeAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct);

    /// <summary>Every account of the server with its permission snapshot. Throws <see cref="DatabaseConnectionException"/>.</summary>
    Task<CollectedAccounts> CollectAccountsAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct);

    /// <summary>Every database of the server with its size, on one connection. Throws <see cref="DatabaseConnectionException"/>.</summary>
    Task<CollectedCapacity> CollectCapacityAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct);

    /// <summary>
    /// The tables of the target's database with their sizes, largest first, at most <paramref name="limit"/>.
    /// Throws <see cref="DatabaseConnectionException"/>.
    /// </summary>
    Task<CollectedTables> CollectTableSizesAsync(ConnectionTarget target, UsableCredential credential, int limit, ConnectionLimits limits, CancellationToken ct);
}

public sealed class DatabaseDrivers(IEnumerable<IDatabaseDriver> drivers)
{
    private readonly Dictionary<string, IDatabaseDriver> _byType = drivers.ToDictionary(d => d.DbType, StringComparer.Ordinal);

    public IDatabaseDriver? Find(string dbType) => _byType.GetValueOrDefault(dbType);
}
