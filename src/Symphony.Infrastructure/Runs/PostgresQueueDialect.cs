using System.Data.Common;

namespace Symphony.Infrastructure.Runs;

/// <summary>
/// PostgreSQL: a claim is one statement under a transaction-scoped advisory lock, locking rows FOR UPDATE SKIP
/// LOCKED, so several nodes never take one row twice and each automation's concurrency bound holds across nodes.
/// </summary>
internal sealed class PostgresQueueDialect : QueueDialect
{
    private const long ClaimLockKey = 7_301_001;

    public override int OutcomeChunk => 500;

    /// <summary>
    /// One round trip: the advisory lock and the claim run as two statements of one implicit transaction, so the
    /// claim's snapshot is taken after the lock (the busy counts are current) and the lock is held until the
    /// claimed rows and their history rows commit.
    /// </summary>
    public override async Task<IReadOnlyList<ClaimedItem>> ClaimAsync(QueueConnection sql, string worker, int limit, DateTime now, DateTime leaseUntil, CancellationToken ct)
    {
        await using var reader = await sql.QueryAsync($"""
            SELECT pg_advisory_xact_lock({ClaimLockKey});
            WITH {ItemClaims.ClaimableItems("FOR UPDATE OF q SKIP LOCKED")}, claimed AS (
                UPDATE item_executions AS ie SET {ItemClaims.LeaseColumns}
                FROM locked WHERE ie.id = locked.id
                RETURNING ie.id, ie.run_id, ie.automation_id, ie.attempt_count, ie.max_attempts, ie.payload, locked.was
            ), numbered AS (
                SELECT claimed.*, ROW_NUMBER() OVER () AS n FROM claimed
            ), history AS (
                INSERT INTO item_state_history (id, created_at, updated_at, item_execution_id, run_id, from_status, to_status, attempt, occurred_at, worker)
                SELECT h.id, @now, @now, numbered.id, numbered.run_id, numbered.was, 'processing', numbered.attempt_count, @now, @worker
                FROM numbered JOIN unnest(@history_ids) WITH ORDINALITY AS h(id, n) ON h.n = numbered.n
            )
            SELECT numbered.id, numbered.run_id, numbered.attempt_count, numbered.max_attempts, numbered.payload::text,
                   a.handler_kind, a.handler_config::text, a.retry_delay_seconds
            FROM numbered JOIN automations a ON a.id = numbered.automation_id
            """, ct, ("now", now), ("limit", limit), ("scan", ItemClaims.Scan(limit)), ("worker", worker), ("lease", leaseUntil),
            ("history_ids", Enumerable.Range(0, limit).Select(_ => Guid.CreateVersion7()).ToArray()));
        await reader.NextResultAsync(ct);
        var claimed = new List<ClaimedItem>();
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(new ClaimedItem(reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetInt32(7)));
        }
        return claimed;
    }

    /// <summary>
    /// One statement, its own transaction: every outcome updates its row only if the lease is still ours, and the
    /// rows updated write their history rows.
    /// </summary>
    public override async Task<HashSet<Guid>> RecordAsync(QueueConnection sql, IReadOnlyList<Outcome> outcomes, string worker, DateTime now, CancellationToken ct) =>
        [.. await sql.ReadAsync("""
            WITH outcome AS (
                SELECT * FROM unnest(@ids, @statuses, @results, @errors, @next, @durations, @history_ids)
                    AS o(id, status, result, error, next_attempt_at, duration_ms, history_id)
            ), done AS (
                UPDATE item_executions AS ie SET status = o.status, result_payload = CAST(o.result AS jsonb), error = o.error,
                    finished_at = CASE WHEN o.status = 'retrying' THEN NULL ELSE @now END, next_attempt_at = o.next_attempt_at,
                    lease_owner = NULL, lease_expires_at = NULL, duration_ms = o.duration_ms, updated_at = @now
                FROM outcome o
                WHERE ie.id = o.id AND ie.status = 'processing' AND ie.lease_owner = @worker
                RETURNING ie.id, ie.run_id, ie.attempt_count, o.status, o.error, o.history_id
            ), history AS (
                INSERT INTO item_state_history (id, created_at, updated_at, item_execution_id, run_id, from_status, to_status, attempt, occurred_at, reason, worker)
                SELECT history_id, @now, @now, id, run_id, 'processing', status, attempt_count, @now, LEFT(error, 2000), @worker FROM done
            )
            SELECT id FROM done
            """, reader => reader.GetGuid(0), ct, ("now", now), ("worker", worker),
            ("ids", outcomes.Select(o => o.Finished.Item.Id).ToArray()),
            ("statuses", outcomes.Select(o => QueueMoves.Stored(o.To)).ToArray()),
            ("results", outcomes.Select(o => o.Finished.Outcome.ResultJson).ToArray()),
            ("errors", outcomes.Select(o => o.Finished.Outcome.Error).ToArray()),
            ("next", outcomes.Select(o => o.NextAttemptAt).ToArray()),
            ("durations", outcomes.Select(o => o.Finished.DurationMs).ToArray()),
            ("history_ids", outcomes.Select(_ => Guid.CreateVersion7()).ToArray()))];

    public override (string Condition, (string Name, object? Value)[] Parameters) IdIn(string column, IReadOnlyCollection<Guid> ids, string prefix = "id") =>
        ($"{column} = ANY(@{prefix})", [(prefix, ids.ToArray())]);

    public override Guid GuidAt(DbDataReader reader, int ordinal) => reader.GetGuid(ordinal);

    public override object? Stored(object? value) => value;
}
