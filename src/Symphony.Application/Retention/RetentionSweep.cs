using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;
using Symphony.Domain.Retention;
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
        RetentionKind.Firings => await InBatchesAsync(db.Firings.Where(f => f.WorkspaceId == workspaceId && f.FiredAt < cutoff), ct),
        RetentionKind.Capacity => await CapacityAsync(workspaceId, DateOnly.FromDateTime(cutoff), ct),
        RetentionKind.Audit => await AuditAsync(workspaceId, cutoff, ct),
        RetentionKind.Orchestration => await InBatchesAsync(
            db.OrchestrationInstances.Where(o => o.WorkspaceId == workspaceId && o.UpdatedAt < cutoff && Finished.Contains(o.Status)
                && !db.RunOrchestrations.Any(l => l.OrchestrationInstanceId == o.Id)), ct),
        RetentionKind.AccountChanges => await InBatchesAsync(db.AccountChanges.Where(c => c.WorkspaceId == workspaceId && c.OccurredAt < cutoff), ct),
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
            deleted += await InBatchesAsync(db.ItemStateHistory.Where(h => runIds.Contains(h.RunId) && h.OccurredAt >= floor), ct);
            // Asked again: a failed run retried since it was picked is active again and keeps its items.
            runIds = await FinishedRuns(workspaceId, cutoff).Where(r => runIds.Contains(r.Id)).Select(r => r.Id).ToListAsync(ct);
            deleted += await InBatchesAsync(db.ItemExecutions.Where(e => runIds.Contains(e.RunId)), ct);
            await db.BatchExecutions.Where(b => runIds.Contains(b.RunId)).ExecuteDeleteAsync(ct);
            await db.RunOrchestrations.Where(l => runIds.Contains(l.RunId)).ExecuteDeleteAsync(ct);
            deleted += await db.Runs.Where(r => runIds.Contains(r.Id)).ExecuteDeleteAsync(ct);
        }
        // A batch each run of a fleet built-in made for itself is spent once no run is left of it.
        var perRun = BuiltIns.All.Where(b => b.Scope == BuiltInScope.Instances).Select(b => b.Name).ToList();
        var syncs = await db.Automations.Where(a => a.WorkspaceId == workspaceId && perRun.Contains(a.Name)).Select(a => a.Id).ToListAsync(ct);
        var spent = db.Batches.Where(b => syncs.Contains(b.AutomationId) && b.CreatedAt < cutoff && !db.BatchExecutions.Any(e => e.BatchId == b.Id));
        await InBatchesAsync(db.Items.Where(i => spent.Any(b => b.Id == i.BatchId)), ct);
        await InBatchesAsync(spent, ct);
        return deleted;
    }

    private IQueryable<Run> FinishedRuns(Guid workspaceId, DateTime cutoff) =>
        db.Runs.AsNoTracking().Where(r => r.WorkspaceId == workspaceId && r.FinishedAt < cutoff && Finished.Contains(r.Status)
            && db.Runs.Any(later => later.AutomationId == r.AutomationId && later.CreatedAt > r.CreatedAt));

    private async Task<long> AuditAsync(Guid workspaceId, DateTime cutoff, CancellationToken ct)
    {
        var platform = await db.Workspaces.AnyAsync(w => w.Id == workspaceId && w.Slug == Workspace.DefaultSlug, ct);
        return await InBatchesAsync(
            db.AuditEvents.Where(e => (e.WorkspaceId == workspaceId || (platform && e.WorkspaceId == null)) && e.OccurredAt < cutoff), ct);
    }

    private async Task<long> CapacityAsync(Guid workspaceId, DateOnly cutoff, CancellationToken ct)
    {
        var floor = DateOnly.FromDateTime(RowFloor(cutoff.ToDateTime(TimeOnly.MinValue)));
        return await InBatchesAsync(db.DatabaseSizeStats.Where(s => s.WorkspaceId == workspaceId && s.Day < cutoff && s.Day >= floor), ct)
            + await InBatchesAsync(db.InstanceSizeStats.Where(s => s.WorkspaceId == workspaceId && s.Day < cutoff && s.Day >= floor), ct);
    }

    /// <summary>The oldest time deleted row by row: the cutoff's month's first day where months are dropped whole, else none.</summary>
    private DateTime RowFloor(DateTime cutoff) => partitioned ? new DateTime(cutoff.Year, cutoff.Month, 1, 0, 0, 0, DateTimeKind.Utc) : DateTime.MinValue;

    /// <summary>Deletes the rows of the query a batch at a time until none is left; answers how many.</summary>
    private async Task<long> InBatchesAsync<T>(IQueryable<T> rows, CancellationToken ct) where T : Entity
    {
        long deleted = 0;
        while (true)
        {
            var ids = await rows.Select(r => r.Id).Take(options.BatchSize).ToListAsync(ct);
            if (ids.Count == 0) return deleted;
            deleted += await db.Set<T>().Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(ct);
            if (ids.Count < options.BatchSize) return deleted;
            await Task.Delay(options.PauseBetweenBatches, ct);
        }
    }
}
