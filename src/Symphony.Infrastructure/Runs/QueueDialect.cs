using System.Data.Common;

namespace Symphony.Infrastructure.Runs;

/// <summary>
/// Where the queue's SQL differs between PostgreSQL and SQLite: how a claim locks rows and reads the statuses it
/// replaced, how a batch of outcomes is written, how ids are listed and how values are stored.
/// </summary>
internal abstract class QueueDialect
{
    /// <summary>How many outcomes one transaction records.</summary>
    public abstract int OutcomeChunk { get; }

    /// <summary>Leases up to <paramref name="limit"/> claimable items and writes their history rows.</summary>
    public abstract Task<IReadOnlyList<ClaimedItem>> ClaimAsync(QueueConnection sql, string worker, int limit, DateTime now, DateTime leaseUntil, CancellationToken ct);

    /// <summary>Writes outcomes whose lease is still <paramref name="worker"/>'s, with their history rows; answers the ids written.</summary>
    public abstract Task<HashSet<Guid>> RecordAsync(QueueConnection sql, IReadOnlyList<Outcome> outcomes, string worker, DateTime now, CancellationToken ct);

    /// <summary>A condition "<paramref name="column"/> is one of <paramref name="ids"/>", with its parameters.</summary>
    public abstract (string Condition, (string Name, object? Value)[] Parameters) IdIn(string column, IReadOnlyCollection<Guid> ids, string prefix = "id");

    public abstract Guid GuidAt(DbDataReader reader, int ordinal);

    /// <summary>A parameter value in the form the provider's columns hold.</summary>
    public abstract object? Stored(object? value);
}
