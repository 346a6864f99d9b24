namespace Symphony.Infrastructure.Runs;

/// <summary>
/// Leases due items to a worker. Every claim is conditional on the item's status and writes its history row in the
/// same transaction; how rows are locked is the dialect's (see docs/adr/0005-durable-queue.md).
/// </summary>
internal sealed class ItemClaims(QueueStore store)
{
    public Task<IReadOnlyList<ClaimedItem>> ClaimAsync(string worker, int limit, TimeSpan lease, CancellationToken ct) =>
        store.WithConnectionAsync(sql =>
        {
            var now = store.Now;
            return sql.Dialect.ClaimAsync(sql, worker, limit, now, now + lease, ct);
        }, ct);

    /// <summary>The earliest due time of a claimable item of a running run, read in order from the queue's partial index.</summary>
    public Task<DateTime?> NextDueAsync(CancellationToken ct) =>
        store.WithConnectionAsync(async sql =>
        {
            await using var reader = await sql.QueryAsync($"""
                SELECT ie.next_attempt_at FROM item_executions ie
                JOIN runs r ON r.id = ie.run_id AND r.status = 'processing'
                WHERE ie.status IN ({QueueMoves.In(QueueMoves.Claimable)})
                ORDER BY ie.next_attempt_at LIMIT 1
                """, ct);
            return await reader.ReadAsync(ct) ? DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc) : (DateTime?)null;
        }, ct);

    public Task<(long Due, DateTime? OldestDue)> DueNowAsync(CancellationToken ct) =>
        store.WithConnectionAsync(async sql =>
        {
            await using var reader = await sql.QueryAsync($"""
                SELECT COUNT(*), MIN(ie.next_attempt_at) FROM item_executions ie
                JOIN runs r ON r.id = ie.run_id AND r.status = 'processing'
                WHERE ie.status IN ({QueueMoves.In(QueueMoves.Claimable)}) AND ie.next_attempt_at <= @now
                """, ct, ("now", store.Now));
            await reader.ReadAsync(ct);
            return (reader.GetInt64(0), reader.IsDBNull(1) ? (DateTime?)null : DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc));
        }, ct);

    /// <summary>
    /// Which due items may start: the oldest first, within each automation's concurrency bound, where an item whose
    /// lease expired (its node died) no longer counts. <c>locked</c> keeps each row's status before the claim, for its history.
    /// </summary>
    internal static string ClaimableItems(string lockClause) => $"""
        busy AS (
            SELECT automation_id, COUNT(*) AS n FROM item_executions
            WHERE status = 'processing' AND lease_expires_at >= @now GROUP BY automation_id
        ), due AS (
            SELECT ie.id, ie.automation_id, ie.next_attempt_at FROM item_executions ie
            JOIN runs r ON r.id = ie.run_id AND r.status = 'processing'
            WHERE ie.status IN ({QueueMoves.In(QueueMoves.Claimable)}) AND ie.next_attempt_at <= @now
            ORDER BY ie.next_attempt_at, ie.id LIMIT @scan
        ), ranked AS (
            SELECT due.id, due.automation_id,
                   ROW_NUMBER() OVER (PARTITION BY due.automation_id ORDER BY due.next_attempt_at, due.id) AS rn
            FROM due
        ), allowed AS (
            SELECT ranked.id FROM ranked
            JOIN automations a ON a.id = ranked.automation_id
            LEFT JOIN busy ON busy.automation_id = ranked.automation_id
            WHERE ranked.rn <= a.max_concurrency - COALESCE(busy.n, 0)
            ORDER BY ranked.rn LIMIT @limit
        ), locked AS (
            SELECT q.id, q.status AS was FROM item_executions q JOIN allowed ON allowed.id = q.id
            {lockClause}
        )
        """;

    /// <summary>The SET clause of a claim, the same on both.</summary>
    internal const string LeaseColumns = """
        status = 'processing', attempt_count = attempt_count + 1, lease_owner = @worker, lease_expires_at = @lease,
        started_at = COALESCE(started_at, @now), updated_at = @now
        """;

    /// <summary>How many due rows a claim looks at: enough that automations at their bound do not starve the others.</summary>
    internal static int Scan(int limit) => limit * 8;
}
