using Symphony.Application.Common;

namespace Symphony.Application.Capacity;

/// <summary>
/// What to aggregate: the periods of each type that hold a day between <paramref name="From"/> and
/// <paramref name="To"/>, of one instance or of the whole workspace. A period is computed over all its days; one
/// that had ended when it was last computed is kept unless <paramref name="Force"/>.
/// </summary>
public sealed record AggregationScope(Guid WorkspaceId, Guid? InstanceId, DateOnly From, DateOnly To, bool Force, DateTime Now)
{
    /// <summary>What runs after a capacity sync and at 04:00: yesterday's periods (one may just have ended) and today's.</summary>
    public static AggregationScope Latest(Guid workspaceId, Guid? instanceId, DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        return new AggregationScope(workspaceId, instanceId, today.AddDays(-1), today, false, now);
    }
}

/// <summary>Rows written per period type, databases and instances together.</summary>
public sealed record AggregationResult(IReadOnlyDictionary<string, int> Written);

/// <summary>Computes capacity aggregates in set-based SQL on the platform database (one statement per table and period type).</summary>
public interface ICapacityAggregator
{
    Task<AggregationResult> AggregateAsync(IApplicationDbContext db, AggregationScope scope, CancellationToken ct);
}
