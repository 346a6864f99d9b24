using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Automations;
using Symphony.Domain.Runs;
using Symphony.Domain.Workspaces;

namespace Symphony.Application.Retention;

/// <summary>
/// Deletes one kind of record of a workspace older than its cutoff, in batches of <see cref="RetentionOptions.BatchSize"/>
/// rows, each its own statement and transaction. Audit events of the platform (no workspace) go with the default
/// workspace's sweep, whose members are the platform's. Where the history and the daily capacity tables are
/// partitioned by month, their rows of months wholly past the cutoff are left to partition maintenance, which drops
/// such a month whole: only the cutoff's own month is deleted row by row.
/// </summary>
public sealed class RetentionSweep(IApplicationDbContext db, RetentionOptions options, bool partitioned)
{
    private static readonly List<ExecutionStatus> Finished = [.. Enum.GetValues<ExecutionStatus>().Where(ExecutionTransitions.IsFinished)];

    public async Task<long> DeleteAsync(RetentionKind kind, Guid workspaceId, DateTime cutoff, CancellationToken ct) => kind switch
    {
        RetentionKind.Runs => await RunsAsync(workspaceId, cutoff, ct),
        RetentionKind.Firings => await InBatchesAsync(db.Firings.Where(f => f.WorkspaceId == workspaceId && f.FiredAt < cutoff).Select(f => f.Id),
            ids => db.Firings.Where(f => ids.Contains(f.Id)).ExecuteDeleteAsync(ct), ct),
        RetentionKind.Capacity => await CapacityAsync(workspaceId, DateOnly.FromDateTime(cutoff), ct),
        RetentionKind.Audit => await AuditAsync(workspaceId, cutoff, ct),
        RetentionKind.Orchestration => await InBatchesAsync(
            db.OrchestrationInstances.Where(o => o.WorkspaceId == workspaceId && o.UpdatedAt < cutoff && Finished.Contains(o.Status)
                && !db.RunOrchestrations.Any(l => l.OrchestrationInstanceId == o.Id)).Select(o => o.Id),
            ids => db.OrchestrationInstances.Where(o => ids.Contains(o.Id)).ExecuteDeleteAsync(ct), ct),
        RetentionKind.AccountChanges => await InBatchesAsync(db.AccountChanges.Where(c => c.WorkspaceId == workspaceId && c.OccurredAt < cutoff).Select(c => c.Id),
            ids => db.AccountChanges.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(ct), ct),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// Finished runs older than the cutoff but their automation's latest, a hundred at a time, their rows first; then
    /// the batches the fleet syncs made for each run, once no run is left of them.
    /// </summary>
    private async Task<long> RunsAsync(Guid workspaceId, DateTime cutoff, CancellationToken ct)
    {
        long deleted = 0;
        while (true)
        {
            var runIds = await FinishedRuns(workspaceId, cutoff).OrderBy(r => r.CreatedAt).Select(r => r.Id).Take(100).ToListAsync(ct);
            if (runIds.Count == 0) break;
            var floor = RowFloor(cutoff);
            deleted += await InBatchesAsync(db.ItemStateHistory.Where(h => runIds.Contains(h.RunId) && h.OccurredAt >= floor).Select(h => h.Id),
                ids => db.ItemStateHistory.Where(h => ids.Contains(h.Id)).ExecuteDeleteAsync(ct), ct);
            // Asked again: a failed run retried since it was picked is active again and keeps its items.
            runIds = await FinishedRuns(workspaceId, cutoff).Where(r => runIds.Contains(r.Id)).Select(r => r.Id).ToListAsync(ct);
            deleted += await InBatchesAsync(db.ItemExecutions.Where(e => runIds.Contains(e.RunId)).Select(e => e.Id),
                ids => db.ItemExecutions.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(ct), ct);
            await db.BatchExecutions.Where(b => runIds.Contains(b.RunId)).ExecuteDeleteAsync(ct);
            await db.RunOrchestrations.Where(l => runIds.Contains(l.RunId)).ExecuteDeleteAsync(ct);
            deleted += await db.Runs.Where(r => runIds.Contains(r.Id)).ExecuteDeleteAsync(ct);
        }
        var syncs = await db.Automations.Where(a => a.WorkspaceId == workspaceId
            && (a.Name == Automation.AccountsSyncName || a.Name == Automation.CapacitySyncName)).Select(a => a.Id).ToListAsync(ct);
        var spent = db.Batches.Where(b => syncs.Contains(b.AutomationId) && b.CreatedAt < cutoff && !db.BatchExecutions.Any(e => e.BatchId == b.Id)).Select(b => b.Id);
        await InBatchesAsync(db.Items.Where(i => spent.Contains(i.BatchId)).Select(i => i.Id), ids => db.Items.Where(i => ids.Contains(i.Id)).ExecuteDeleteAsync(ct), ct);
        await InBatchesAsync(spent, ids => db.Batches.Where(b => ids.Contains(b.Id)).ExecuteDeleteAsync(ct), ct);
        return deleted;
    }

    private IQueryable<Run> FinishedRuns(Guid workspaceId, DateTime cutoff) =>
        db.Runs.AsNoTracking().Where(r => r.WorkspaceId == workspaceId && r.FinishedAt < cutoff && Finished.Contains(r.Status)
            && db.Runs.Any(later => later.AutomationId == r.AutomationId && later.CreatedAt > r.CreatedAt));

    private async Task<long> AuditAsync(Guid workspaceId, DateTime cutoff, CancellationToken ct)
    {
        var platform = await db.Workspaces.AnyAsync(w => w.Id == workspaceId && w.Slug == Workspace.DefaultSlug, ct);
        return await InBatchesAsync(
            db.AuditEvents.Where(e => (e.WorkspaceId == workspaceId || (platform && e.WorkspaceId == null)) && e.OccurredAt < cutoff).Select(e => e.Id),
            ids => db.AuditEvents.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(ct), ct);
    }

    private async Task<long> CapacityAsync(Guid workspaceId, DateOnly cutoff, CancellationToken ct)
    {
        var floor = DateOnly.FromDateTime(RowFloor(cutoff.ToDateTime(TimeOnly.MinValue)));
        return await InBatchesAsync(db.DatabaseSizeStats.Where(s => s.WorkspaceId == workspaceId && s.Day < cutoff && s.Day >= floor).Select(s => s.Id),
                ids => db.DatabaseSizeStats.Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(ct), ct)
            + await InBatchesAsync(db.InstanceSizeStats.Where(s => s.WorkspaceId == workspaceId && s.Day < cutoff && s.Day >= floor).Select(s => s.Id),
                ids => db.InstanceSizeStats.Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(ct), ct);
    }

    /// <summary>The oldest time deleted row by row: the cutoff's month's first day where months are dropped whole, else none.</summary>
    private DateTime RowFloor(DateTime cutoff) => partitioned ? new DateTime(cutoff.Year, cutoff.Month, 1, 0, 0, 0, DateTimeKind.Utc) : DateTime.MinValue;

    /// <summary>Deletes the rows of the query a batch at a time until none is left; answers how many.</summary>
    private async Task<long> InBatchesAsync(IQueryable<Guid> rows, Func<List<Guid>, Task<int>> delete, CancellationToken ct)
    {
        long deleted = 0;
        while (true)
        {
            var ids = await rows.Take(options.BatchSize).ToListAsync(ct);
            if (ids.Count == 0) return deleted;
            deleted += await delete(ids);
            if (ids.Count < options.BatchSize) return deleted;
            await Task.Delay(options.PauseBetweenBatches, ct);
        }
    }
}
