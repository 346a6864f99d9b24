using Symphony.Domain.Runs;

namespace Symphony.Infrastructure.Runs;

/// <summary>
/// A batch execution's status, kept by the statements that move its items, as a run's is: after the items of a run
/// finish (an outcome, a stop, a cancel, a reaped lease), its batches with nothing left to do are finished, in a
/// statement conditional on that, so of two callers only the one that sees every item done finishes a batch; a retry
/// that re-queues failed items opens their batches again in its own transaction. No pass over batches runs apart from
/// these, but the reaper's, which finishes any batch whose finisher stopped between its commit and this check.
/// </summary>
internal static class BatchProgress
{
    /// <summary>The batch's items, found by the (run, batch, status) index.</summary>
    private static readonly string OfThisBatch =
        "SELECT 1 FROM item_executions e WHERE e.run_id = batch_executions.run_id AND e.batch_execution_id = batch_executions.id";

    /// <summary>
    /// <see cref="BatchExecution.Outcome"/> as SQL over a batch_executions row whose items are all finished.
    /// <c>QueueMovesTests</c> runs it against the domain.
    /// </summary>
    public static readonly string Outcome = $"""
        CASE WHEN EXISTS ({OfThisBatch} AND e.status = '{QueueMoves.Stored(ExecutionStatus.Failed)}') THEN '{QueueMoves.Stored(ExecutionStatus.Failed)}'
             WHEN EXISTS ({OfThisBatch} AND e.status = '{QueueMoves.Stored(ExecutionStatus.Cancelled)}') THEN '{QueueMoves.Stored(ExecutionStatus.Cancelled)}'
             ELSE '{QueueMoves.Stored(ExecutionStatus.Completed)}' END
        """;

    /// <summary>Finishes the processing batches of these runs (of every run, with none given) that have no item left to do.</summary>
    public static async Task<int> FinishIfDoneAsync(QueueConnection sql, IReadOnlyCollection<Guid>? runIds, DateTime now, CancellationToken ct)
    {
        if (runIds is null) return await FinishAsync(sql, "TRUE", [], now, ct);
        var finished = 0;
        foreach (var chunk in runIds.Chunk(500))
        {
            var (runs, parameters) = sql.Dialect.IdIn("run_id", chunk);
            finished += await FinishAsync(sql, runs, parameters, now, ct);
        }
        return finished;
    }

    private static Task<int> FinishAsync(QueueConnection sql, string runs, (string, object?)[] parameters, DateTime now, CancellationToken ct) =>
        sql.ExecuteAsync($"""
            UPDATE batch_executions SET status = {Outcome},
                finished_at = COALESCE((SELECT MAX(e.finished_at) FROM item_executions e WHERE e.run_id = batch_executions.run_id AND e.batch_execution_id = batch_executions.id), @now),
                updated_at = @now
            WHERE status = '{QueueMoves.Stored(ExecutionStatus.Processing)}' AND {runs}
              AND NOT EXISTS ({OfThisBatch} AND e.status IN ({QueueMoves.In(ExecutionTransitions.Unfinished)}))
            """, ct, [("now", now), .. parameters]);

    /// <summary>The batches of items a retry put back in the queue are processing again.</summary>
    public static async Task<int> ReopenAsync(QueueConnection sql, IReadOnlyCollection<Guid> batchExecutionIds, DateTime now, CancellationToken ct)
    {
        var reopened = 0;
        foreach (var chunk in batchExecutionIds.Chunk(500))
        {
            var (ids, parameters) = sql.Dialect.IdIn("id", chunk);
            reopened += await sql.ExecuteAsync($"""
                UPDATE batch_executions SET status = '{QueueMoves.Stored(ExecutionStatus.Processing)}', finished_at = NULL, updated_at = @now
                WHERE status <> '{QueueMoves.Stored(ExecutionStatus.Processing)}' AND {ids}
                """, ct, [("now", now), .. parameters]);
        }
        return reopened;
    }
}
