using Symphony.Application.Common;
using Symphony.Domain.Runs;

namespace Symphony.Infrastructure.Runs;

/// <summary>One attempt's outcome and the status and due time it leads to.</summary>
internal sealed record Outcome(FinishedItem Finished, ExecutionStatus To, DateTime NextAttemptAt)
{
    public static Outcome Of(FinishedItem finished, DateTime now)
    {
        var to = finished.Outcome.Succeeded ? ExecutionStatus.Completed
            : ItemExecution.AfterFailedAttempt(finished.Item.Attempt, finished.Item.MaxAttempts, finished.Outcome.Retryable);
        var next = to == ExecutionStatus.Retrying
            ? now + ItemExecution.Backoff(finished.Item.Attempt, TimeSpan.FromSeconds(finished.Item.RetryDelaySeconds), Random.Shared.NextDouble())
            : now;
        return new Outcome(finished, to, next);
    }
}

/// <summary>
/// What a worker reports about the items it holds: outcomes, items stopped because their run was cancelled, items
/// released at shutdown, and lease extensions. Each change is fenced by the lease: it applies only while the item
/// is still processing under this worker's lease, so a worker that lost an item can never overwrite its new owner.
/// </summary>
internal sealed class ItemOutcomes(QueueStore store, QueueMaintenance maintenance)
{
    /// <summary>
    /// The due time of items put back after a crash or a shutdown: before every other due item, so they finish first.
    /// </summary>
    internal static readonly DateTime Front = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public async Task<IReadOnlySet<Guid>> FinishManyAsync(IReadOnlyList<FinishedItem> finished, string worker, CancellationToken ct)
    {
        var recorded = new HashSet<Guid>();
        var finishedRuns = new HashSet<Guid>();
        await store.WithConnectionAsync(async sql =>
        {
            foreach (var chunk in finished.Chunk(sql.Dialect.OutcomeChunk))
            {
                var now = store.Now;
                var outcomes = chunk.Select(f => Outcome.Of(f, now)).ToList();
                var changed = await sql.Dialect.RecordAsync(sql, outcomes, worker, now, ct);
                recorded.UnionWith(changed);
                foreach (var outcome in outcomes.Where(o => changed.Contains(o.Finished.Item.Id)))
                    Counted(outcome.To).Add(1, Telemetry.HandlerKind(outcome.Finished.Item.HandlerKind));
                finishedRuns.UnionWith(outcomes.Where(o => o.To != ExecutionStatus.Retrying && changed.Contains(o.Finished.Item.Id)).Select(o => o.Finished.Item.RunId));
            }
            // After the commit: of items finishing at once, the last to commit sees all the others done.
            if (finishedRuns.Count > 0)
            {
                await BatchProgress.FinishIfDoneAsync(sql, finishedRuns, store.Now, ct);
                await maintenance.CompleteRunsIfDoneAsync(sql, finishedRuns, ct);
            }
            return 0;
        }, ct);
        return recorded;
    }

    private static System.Diagnostics.Metrics.Counter<long> Counted(ExecutionStatus to) => to switch
    {
        ExecutionStatus.Completed => Telemetry.ItemsCompleted,
        ExecutionStatus.Retrying => Telemetry.ItemsRetried,
        _ => Telemetry.ItemsFailed,
    };

    public async Task CancelProcessingAsync(ClaimedItem item, string worker, CancellationToken ct)
    {
        var stopped = await store.InTransactionAsync(async sql =>
        {
            var now = store.Now;
            var changed = await sql.ExecuteAsync($"""
                UPDATE item_executions SET status = 'cancelled', finished_at = @now, lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
                WHERE id = @id AND status IN ({QueueMoves.In(QueueMoves.Stoppable)}) AND lease_owner = @worker
                """, ct, ("now", now), ("id", item.Id), ("worker", worker));
            if (changed > 0)
                await sql.InsertHistoryAsync([new History(item.Id, item.RunId, ExecutionStatus.Processing, ExecutionStatus.Cancelled, item.Attempt, "run cancelled", worker)], now, ct);
            return changed;
        }, ct);
        if (stopped > 0) await store.WithConnectionAsync(sql => BatchProgress.FinishIfDoneAsync(sql, [item.RunId], store.Now, ct), ct);
    }

    public Task<int> ExtendLeasesAsync(string worker, IReadOnlyCollection<Guid> itemIds, TimeSpan lease, CancellationToken ct) =>
        store.InTransactionAsync(async sql =>
        {
            var extended = 0;
            foreach (var chunk in itemIds.Chunk(500))
            {
                var (ids, parameters) = sql.Dialect.IdIn("id", chunk);
                extended += await sql.ExecuteAsync($"""
                    UPDATE item_executions SET lease_expires_at = @lease
                    WHERE lease_owner = @worker AND status = 'processing' AND {ids}
                    """, ct, [("lease", store.Now + lease), ("worker", worker), .. parameters]);
            }
            return extended;
        }, ct);

    /// <summary>
    /// The items leased to <paramref name="worker"/> that it does not hold: a claim whose commit reached the store
    /// while its answer was lost (the store failed over, the connection broke) left them leased to a worker that
    /// never started them. Back to retrying at the front, the attempt not counted, instead of waiting for their leases.
    /// </summary>
    public Task<int> ReleaseUnheldAsync(string worker, IReadOnlyCollection<Guid> held, string reason, CancellationToken ct) =>
        store.InTransactionAsync(async sql =>
        {
            var now = store.Now;
            var (ids, parameters) = held.Count == 0 ? ("FALSE", []) : sql.Dialect.IdIn("id", [.. held]);
            var released = await sql.ReadAsync($"""
                UPDATE item_executions SET status = 'retrying', attempt_count = attempt_count - 1, next_attempt_at = @front,
                    lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
                WHERE status = 'processing' AND lease_owner = @worker AND NOT ({ids})
                RETURNING id, run_id, attempt_count
                """, reader => new History(sql.GuidAt(reader, 0), sql.GuidAt(reader, 1), ExecutionStatus.Processing, ExecutionStatus.Retrying,
                    reader.GetInt32(2), reason, worker),
                ct, [("now", now), ("front", Front), ("worker", worker), .. parameters]);
            await sql.InsertHistoryAsync(released, now, ct);
            return released.Count;
        }, ct);

    /// <summary>Back to retrying at the front of the queue, the attempt not counted: the item did not get to finish.</summary>
    public async Task<int> ReleaseAsync(IReadOnlyList<ClaimedItem> items, string worker, string reason, CancellationToken ct)
    {
        if (items.Count == 0) return 0;
        return await store.InTransactionAsync(async sql =>
        {
            var now = store.Now;
            var released = new List<(Guid Id, Guid RunId, int Attempt)>();
            foreach (var chunk in items.Chunk(500))
            {
                var (ids, parameters) = sql.Dialect.IdIn("id", chunk.Select(item => item.Id).ToList());
                released.AddRange(await sql.ReadAsync($"""
                    UPDATE item_executions SET status = 'retrying', attempt_count = attempt_count - 1, next_attempt_at = @front,
                        lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
                    WHERE status = 'processing' AND lease_owner = @worker AND {ids}
                    RETURNING id, run_id, attempt_count
                    """, reader => (sql.GuidAt(reader, 0), sql.GuidAt(reader, 1), reader.GetInt32(2)),
                    ct, [("now", now), ("front", Front), ("worker", worker), .. parameters]));
            }
            await sql.InsertHistoryAsync(released.Select(r => new History(r.Id, r.RunId, ExecutionStatus.Processing, ExecutionStatus.Retrying, r.Attempt, reason, worker)), now, ct);
            return released.Count;
        }, ct);
    }
}
