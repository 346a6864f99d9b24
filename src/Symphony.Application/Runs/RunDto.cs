using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Runs;

namespace Symphony.Application.Runs;

/// <summary>Item counts of a run by status, computed from its item executions.</summary>
public sealed record RunCounters(int Total, int Pending, int Processing, int Retrying, int Completed, int Failed, int Cancelled, int Skipped)
{
    /// <summary>The counters of a run (or a batch) from its items counted by status.</summary>
    public static RunCounters From(IReadOnlyCollection<(ExecutionStatus Status, int Count)> counts)
    {
        int Of(ExecutionStatus s) => counts.Where(c => c.Status == s).Sum(c => c.Count);
        return new(counts.Sum(c => c.Count), Of(ExecutionStatus.Pending), Of(ExecutionStatus.Processing), Of(ExecutionStatus.Retrying),
            Of(ExecutionStatus.Completed), Of(ExecutionStatus.Failed), Of(ExecutionStatus.Cancelled), Of(ExecutionStatus.Skipped));
    }
}

public sealed record RunDto(
    Guid Id, Guid WorkspaceId, Guid AutomationId, RunTrigger Trigger, string? CorrelationId, ExecutionStatus Status,
    DateTime? StartedAt, DateTime? FinishedAt, long? DurationMs, string? ErrorSummary, string? CancellationReason,
    RunCounters Counters, DateTime CreatedAt)
{
    public static async Task<RunDto> LoadAsync(IApplicationDbContext db, Run run, TimeProvider clock, CancellationToken ct) =>
        (await LoadManyAsync(db, [run], clock, ct))[0];

    /// <summary>The runs with their counters, counted in one grouped query for all of them; a running run's duration is up to now.</summary>
    public static async Task<IReadOnlyList<RunDto>> LoadManyAsync(IApplicationDbContext db, IReadOnlyList<Run> runs, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = runs.Select(r => r.Id).ToList();
        var counts = await db.ItemExecutions.Where(i => ids.Contains(i.RunId))
            .GroupBy(i => new { i.RunId, i.Status }).Select(g => new { g.Key.RunId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        return runs.Select(run =>
        {
            var counters = RunCounters.From(counts.Where(c => c.RunId == run.Id).Select(c => (c.Status, c.Count)).ToList());
            var duration = Elapsed(run.StartedAt, run.FinishedAt, now);
            return new RunDto(run.Id, run.WorkspaceId, run.AutomationId, run.Trigger, run.CorrelationId, run.Status, run.StartedAt,
                run.FinishedAt, duration, run.ErrorSummary, run.CancellationReason, counters, run.CreatedAt);
        }).ToList();
    }

    /// <summary>From start to finish, or up to now while it runs; null before it starts.</summary>
    internal static long? Elapsed(DateTime? startedAt, DateTime? finishedAt, DateTime now) =>
        startedAt is { } start ? (long)((finishedAt ?? now) - start).TotalMilliseconds : null;
}
