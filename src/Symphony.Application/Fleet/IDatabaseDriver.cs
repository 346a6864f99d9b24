using Symphony.Application.Credentials;

namespace Symphony.Application.Fleet;

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
