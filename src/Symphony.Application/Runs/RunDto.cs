using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Automation;

namespace Symphony.Application.Runs;

/// <summary>Item counts of a run by status, computed from its item executions.</summary>
public sealed record RunCounters(int Total, int Pending, int Processing, int Retrying, int Completed, int Failed, int Cancelled, int Skipped);

public sealed record RunDto(
    Guid Id, Guid WorkspaceId, Guid AutomationId, RunTrigger Trigger, string? CorrelationId, ExecutionStatus Status,
    DateTime? StartedAt, DateTime? FinishedAt, long? DurationMs, string? ErrorSummary, string? CancellationReason,
    RunCounters Counters, DateTime CreatedAt)
{
    public static async Task<RunDto> LoadAsync(IApplicationDbContext db, Run run, CancellationToken ct)
    {
        var counts = await db.ItemExecutions.Where(i => i.RunId == run.Id)
            .GroupBy(i => i.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(ExecutionStatus s) => counts.FirstOrDefault(c => c.Status == s)?.Count ?? 0;
        var counters = new RunCounters(counts.Sum(c => c.Count), Of(ExecutionStatus.Pending), Of(ExecutionStatus.Processing),
            Of(ExecutionStatus.Retrying), Of(ExecutionStatus.Completed), Of(ExecutionStatus.Failed), Of(ExecutionStatus.Cancelled), Of(ExecutionStatus.Skipped));
        long? duration = run.StartedAt is { } start ? (long)((run.FinishedAt ?? DateTime.UtcNow) - start).TotalMilliseconds : null;
        return new RunDto(run.Id, run.WorkspaceId, run.AutomationId, run.Trigger, run.CorrelationId, run.Status, run.StartedAt,
            run.FinishedAt, duration, run.ErrorSummary, run.CancellationReason, counters, run.CreatedAt);
    }
}
