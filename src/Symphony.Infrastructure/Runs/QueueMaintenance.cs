using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Runs;
using Symphony.Domain.Runs;

namespace Symphony.Infrastructure.Runs;

/// <summary>
/// What happens to items apart from the worker holding them: the leases of dead workers are reaped, finished runs
/// are completed, and a user's cancel or retry of a run reaches its queued or failed items.
/// </summary>
internal sealed class QueueMaintenance(QueueStore store) : IRunQueue
{
    public Task<IReadOnlyList<string>> LeaseOwnersAsync(CancellationToken ct) =>
        store.WithConnectionAsync<IReadOnlyList<string>>(async sql => await sql.ReadAsync(
            "SELECT DISTINCT lease_owner FROM item_executions WHERE status = 'processing' AND lease_owner IS NOT NULL", reader => reader.GetString(0), ct), ct);

    public Task<int> ReapExpiredLeasesAsync(CancellationToken ct) => ReapAsync("lease_expires_at < @now", [], "lease expired", ct);

    public Task<int> ReapLeasesOfAsync(IReadOnlyCollection<string> owners, CancellationToken ct) =>
        owners.Count == 0 ? Task.FromResult(0)
            : ReapAsync($"lease_owner IN ({string.Join(", ", owners.Select((_, i) => $"@o{i}"))})",
                [.. owners.Select((owner, i) => ($"o{i}", (object?)owner))], "its node restarted", ct);

    /// <summary>
    /// Items held by a worker that is gone go back to retrying at the front of the queue (or fail when out of
    /// attempts: the lost attempt counts, since it may have done part of its work).
    /// </summary>
    private async Task<int> ReapAsync(string which, (string, object?)[] parameters, string reason, CancellationToken ct)
    {
        var count = await store.InTransactionAsync(async sql =>
        {
            var now = store.Now;
            var reaped = await sql.ReadAsync($"""
                UPDATE item_executions
                SET status = {QueueMoves.AfterLostAttempt},
                    error = @error,
                    finished_at = CASE WHEN {QueueMoves.AfterLostAttempt} = '{QueueMoves.Stored(ExecutionStatus.Retrying)}' THEN NULL ELSE @now END,
                    next_attempt_at = @front, lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
                WHERE status = 'processing' AND {which}
                RETURNING id, run_id, status, attempt_count
                """, reader => new History(sql.GuidAt(reader, 0), sql.GuidAt(reader, 1), ExecutionStatus.Processing,
                    QueueConnection.StatusAt(reader, 2), reader.GetInt32(3), reason, null),
                ct, [("now", now), ("front", ItemOutcomes.Front), ("error", $"the worker holding the item stopped: {reason}"), .. parameters]);
            await sql.InsertHistoryAsync(reaped, now, ct);
            return reaped.Count;
        }, ct);
        // Items of a cancelled run that went back to the queue after the cancel (an attempt that failed and may pass,
        // recorded before its worker saw the cancel; a lease reaped or released): nothing claims an item of a run that
        // is not processing, so they would wait for ever and keep their batch open.
        await CancelWaitingAsync($"EXISTS (SELECT 1 FROM runs r WHERE r.id = item_executions.run_id AND r.status = '{QueueMoves.Stored(ExecutionStatus.Cancelled)}')",
            [], "run cancelled", ct);
        // Finishes batches and runs whose last item was reaped, and any whose finisher stopped between commit and check.
        await store.WithConnectionAsync(async sql =>
        {
            await BatchProgress.FinishIfDoneAsync(sql, null, store.Now, ct);
            return await CompleteRunsIfDoneAsync(sql, null, ct);
        }, ct);
        return count;
    }

    public Task<IReadOnlySet<Guid>> StoppedRunsAsync(IReadOnlyCollection<Guid> runIds, CancellationToken ct) =>
        store.WithConnectionAsync<IReadOnlySet<Guid>>(async sql =>
        {
            var stopped = new HashSet<Guid>();
            foreach (var chunk in runIds.Chunk(500))
            {
                var (ids, parameters) = sql.Dialect.IdIn("id", chunk);
                stopped.UnionWith(await sql.ReadAsync($"SELECT id FROM runs WHERE status <> 'processing' AND {ids}", reader => sql.GuidAt(reader, 0), ct, parameters));
            }
            return stopped;
        }, ct);

    public async Task<int> CancelQueuedAsync(Guid runId, string reason, CancellationToken ct)
    {
        var count = await CancelWaitingAsync("run_id = @run", [("run", runId)], reason, ct);
        // Batches whose items were all queued are finished now; the others when their workers stop their items.
        await store.WithConnectionAsync(sql => BatchProgress.FinishIfDoneAsync(sql, [runId], store.Now, ct), ct);
        return count;
    }

    /// <summary>The items waiting in the queue (not running) that <paramref name="which"/> names are cancelled, with their history.</summary>
    private Task<int> CancelWaitingAsync(string which, (string, object?)[] parameters, string reason, CancellationToken ct) =>
        store.InTransactionAsync(async sql =>
        {
            var now = store.Now;
            var cancelled = await sql.ReadAsync($"""
                UPDATE item_executions SET status = 'cancelled', finished_at = @now, updated_at = @now
                WHERE status IN ({QueueMoves.In(QueueMoves.Cancellable)}) AND {which}
                RETURNING id, run_id, attempt_count
                """, reader => new History(sql.GuidAt(reader, 0), sql.GuidAt(reader, 1),
                    // Pending items have made no attempt yet; retrying ones have.
                    reader.GetInt32(2) == 0 ? ExecutionStatus.Pending : ExecutionStatus.Retrying, ExecutionStatus.Cancelled, reader.GetInt32(2),
                    reason, null), ct, [("now", now), .. parameters]);
            await sql.InsertHistoryAsync(cancelled, now, ct);
            return cancelled.Count;
        }, ct);

    public Task<int> RequeueFailedAsync(Guid runId, CancellationToken ct) =>
        store.InTransactionAsync(async sql =>
        {
            var now = store.Now;
            var requeued = await sql.ReadAsync($"""
                UPDATE item_executions SET status = 'pending', attempt_count = 0, error = NULL, finished_at = NULL,
                    next_attempt_at = @now, updated_at = @now
                WHERE run_id = @run AND status IN ({QueueMoves.In(QueueMoves.Requeueable)})
                RETURNING id, batch_execution_id
                """, reader => (Id: sql.GuidAt(reader, 0), Batch: sql.GuidAt(reader, 1)), ct, ("now", now), ("run", runId));
            await sql.InsertHistoryAsync(requeued.Select(r => new History(r.Id, runId, ExecutionStatus.Failed, ExecutionStatus.Pending, 0, "retry failed items", null)), now, ct);
            await BatchProgress.ReopenAsync(sql, requeued.Select(r => r.Batch).Distinct().ToList(), now, ct);
            return requeued.Count;
        }, ct);

    /// <summary>
    /// Finishes the given processing runs (or, with none given, every processing run) once none of their batches is
    /// left processing; called after <see cref="BatchProgress.FinishIfDoneAsync"/>, which finishes each batch with no
    /// item left to do, so the last caller to finish a batch of the run sees every batch finished. The run decides its
    /// status (<see cref="Run.Finish"/>); the write is conditional on the run still processing with no batch left
    /// processing, so of two callers finishing one run only one wins, and a run whose items (and so batches) a retry
    /// re-queued meanwhile stays open.
    /// </summary>
    public async Task<int> CompleteRunsIfDoneAsync(QueueConnection sql, IReadOnlyCollection<Guid>? runIds, CancellationToken ct)
    {
        var db = sql.Db;
        var unfinished = ExecutionTransitions.Unfinished.ToList();
        var processing = db.Runs.AsNoTracking().Where(r => r.Status == ExecutionStatus.Processing);
        if (runIds is not null) processing = processing.Where(r => runIds.Contains(r.Id));
        var done = await processing
            .Where(r => !db.BatchExecutions.Any(b => b.RunId == r.Id && b.Status == ExecutionStatus.Processing))
            .Select(r => new { Run = r, Failed = db.ItemExecutions.Count(i => i.RunId == r.Id && i.Status == ExecutionStatus.Failed) })
            .ToListAsync(ct);
        var finished = 0;
        foreach (var (run, failed) in done.Select(d => (d.Run, d.Failed)))
        {
            var now = store.Now;
            run.Finish(failed, now);
            // Still processing with nothing left to do: a retry that re-queued items since the read keeps its run open.
            // The items are asked too, once per run that looks done: a node of the version before batches had a status
            // re-queues items without re-opening their batches, and its run must not be completed under them.
            var changed = await db.Runs
                .Where(r => r.Id == run.Id && r.Status == ExecutionStatus.Processing
                    && !db.BatchExecutions.Any(b => b.RunId == r.Id && b.Status == ExecutionStatus.Processing)
                    && !db.ItemExecutions.Any(i => i.RunId == r.Id && EF.Constant(unfinished).Contains(i.Status)))
                .ExecuteUpdateAsync(set => set
                    .SetProperty(r => r.Status, run.Status)
                    .SetProperty(r => r.ErrorSummary, run.ErrorSummary)
                    .SetProperty(r => r.FinishedAt, run.FinishedAt)
                    .SetProperty(r => r.UpdatedAt, now), ct);
            finished += changed;
            // Whoever listens hears of a failed run at once (Alerts makes it an event).
            if (changed > 0 && run.Status == ExecutionStatus.Failed) db.TellNodes(RunTopics.Failed, run.Id.ToString());
            if (changed > 0 && run.StartedAt is { } started)
                Telemetry.RunDuration.Record((now - started).TotalSeconds, new KeyValuePair<string, object?>("symphony.outcome", QueueMoves.Stored(run.Status)));
        }
        return finished;
    }
}
