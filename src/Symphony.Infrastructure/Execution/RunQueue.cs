using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Runs;
using Symphony.Domain.Automation;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Execution;

/// <summary>
/// The durable queue: item executions are the queue rows. Claims lease rows in one statement (on PostgreSQL
/// with FOR UPDATE SKIP LOCKED under a transaction-scoped advisory lock, so several nodes never take one row
/// twice and each automation's concurrency bound holds across nodes; on SQLite the database's single writer
/// gives the same guarantee on one node). Every status change is conditional on the status expected and writes
/// its history row in the same transaction. See docs/adr/0005-durable-queue.md.
/// </summary>
public sealed class RunQueue(IServiceScopeFactory scopes, TimeProvider clock, bool isSingleNode = false) : IRunQueue
{
    /// <summary>On SQLite only one node runs: every lease it finds at start is its own previous run's.</summary>
    public bool IsSingleNode { get; } = isSingleNode;

    private const long ClaimLockKey = 7_301_001;
    private const string Open = "'pending', 'processing', 'retrying'";
    /// <summary>The due time of items put back after a crash or a shutdown: before every other due item, so they finish first.</summary>
    private static readonly DateTime Front = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public Task<IReadOnlyList<ClaimedItem>> ClaimAsync(string worker, int limit, TimeSpan lease, CancellationToken ct) =>
        WithConnectionAsync(sql => sql.IsPostgres ? ClaimOnPostgresAsync(sql, worker, limit, lease, ct) : ClaimOnSqliteAsync(sql, worker, limit, lease, ct), ct);

    /// <summary>
    /// Which due items may start: the oldest first, within each automation's concurrency bound, where an item whose
    /// lease expired (its node died) no longer counts. The lock clause skips rows another claimer holds on
    /// PostgreSQL; SQLite has one writer. <c>locked</c> keeps each row's status before the claim, for its history.
    /// </summary>
    private static string ClaimableItems(bool isPostgres) => $"""
        busy AS (
            SELECT automation_id, COUNT(*) AS n FROM item_executions
            WHERE status = 'processing' AND lease_expires_at >= @now GROUP BY automation_id
        ), due AS (
            SELECT ie.id, ie.automation_id, ie.next_attempt_at FROM item_executions ie
            JOIN runs r ON r.id = ie.run_id AND r.status = 'processing'
            WHERE ie.status IN ('pending', 'retrying') AND ie.next_attempt_at <= @now
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
            {(isPostgres ? "FOR UPDATE OF q SKIP LOCKED" : "")}
        )
        """;

    /// <summary>
    /// One round trip: the advisory lock and the claim run as two statements of one implicit transaction, so the
    /// claim's snapshot is taken after the lock (the busy counts are current) and the lock is held until the
    /// claimed rows and their history rows commit.
    /// </summary>
    private async Task<IReadOnlyList<ClaimedItem>> ClaimOnPostgresAsync(Sql sql, string worker, int limit, TimeSpan lease, CancellationToken ct)
    {
        var now = Now;
        var historyIds = Enumerable.Range(0, limit).Select(_ => Guid.CreateVersion7()).ToArray();
        var claimed = new List<ClaimedItem>();
        await using var reader = await sql.QueryAsync($"""
            SELECT pg_advisory_xact_lock({ClaimLockKey});
            WITH {ClaimableItems(isPostgres: true)}, claimed AS (
                UPDATE item_executions AS ie
                SET status = 'processing', attempt_count = attempt_count + 1, lease_owner = @worker, lease_expires_at = @lease,
                    started_at = COALESCE(started_at, @now), updated_at = @now
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
            """, ct, ("now", now), ("limit", limit), ("scan", limit * 8), ("worker", worker), ("lease", now + lease), ("history_ids", historyIds));
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(new ClaimedItem(reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetInt32(7)));
        }
        return claimed;
    }

    private async Task<IReadOnlyList<ClaimedItem>> ClaimOnSqliteAsync(Sql sql, string worker, int limit, TimeSpan lease, CancellationToken ct)
    {
        await using var transaction = await sql.BeginAsync(ct);
        var now = Now;
        // SQLite's RETURNING cannot read the FROM table: the statuses before the claim are read first (one writer, one transaction).
        var was = new Dictionary<Guid, ExecutionStatus>();
        await using (var reader = await sql.QueryAsync($"WITH {ClaimableItems(isPostgres: false)} SELECT id, was FROM locked",
            ct, ("now", now), ("limit", limit), ("scan", limit * 8)))
        {
            while (await reader.ReadAsync(ct)) was[sql.GuidAt(reader, 0)] = Enum.Parse<ExecutionStatus>(reader.GetString(1), true);
        }
        if (was.Count == 0) return [];
        var ids = was.Keys.ToList();
        var claimed = new List<(Guid Id, Guid RunId, Guid AutomationId, int Attempt, int MaxAttempts, string Payload)>();
        await using (var reader = await sql.QueryAsync($"""
            UPDATE item_executions
            SET status = 'processing', attempt_count = attempt_count + 1, lease_owner = @worker, lease_expires_at = @lease,
                started_at = COALESCE(started_at, @now), updated_at = @now
            WHERE id IN ({string.Join(", ", ids.Select((_, i) => $"@i{i}"))})
            RETURNING id, run_id, automation_id, attempt_count, max_attempts, payload
            """, ct, [("now", now), ("worker", worker), ("lease", now + lease), .. ids.Select((id, i) => ($"i{i}", (object?)id))]))
        {
            while (await reader.ReadAsync(ct))
                claimed.Add((sql.GuidAt(reader, 0), sql.GuidAt(reader, 1), sql.GuidAt(reader, 2), reader.GetInt32(3), reader.GetInt32(4), reader.GetString(5)));
        }

        await sql.InsertHistoryAsync(claimed.Select(c => new History(c.Id, c.RunId, was[c.Id], ExecutionStatus.Processing, c.Attempt, null, worker)), now, ct);

        var automations = new Dictionary<Guid, (string Kind, string Config, int Delay)>();
        foreach (var automationId in claimed.Select(c => c.AutomationId).Distinct())
        {
            await using var reader = await sql.QueryAsync(
                "SELECT handler_kind, handler_config, retry_delay_seconds FROM automations WHERE id = @id", ct, ("id", automationId));
            await reader.ReadAsync(ct);
            automations[automationId] = (reader.GetString(0), reader.GetString(1), reader.GetInt32(2));
        }
        await transaction.CommitAsync(ct);
        return claimed.Select(c => new ClaimedItem(c.Id, c.RunId, c.Attempt, c.MaxAttempts, c.Payload,
            automations[c.AutomationId].Kind, automations[c.AutomationId].Config, automations[c.AutomationId].Delay)).ToList();
    }

    public async Task<bool> FinishAsync(ClaimedItem item, HandlerOutcome outcome, string worker, long durationMs, CancellationToken ct) =>
        (await FinishManyAsync([new FinishedItem(item, outcome, durationMs)], worker, ct)).Contains(item.Id);

    public async Task<IReadOnlySet<Guid>> FinishManyAsync(IReadOnlyList<FinishedItem> finished, string worker, CancellationToken ct)
    {
        var recorded = new HashSet<Guid>();
        var finishedRuns = new HashSet<Guid>();
        await WithConnectionAsync(async sql =>
        {
            foreach (var chunk in finished.Chunk(sql.IsPostgres ? 500 : 100))
            {
                var now = Now;
                var outcomes = chunk.Select(f => Outcome.Of(f, now)).ToList();
                var changed = sql.IsPostgres
                    ? await RecordOnPostgresAsync(sql, outcomes, worker, now, ct)
                    : await RecordOnSqliteAsync(sql, outcomes, worker, now, ct);
                recorded.UnionWith(changed);
                finishedRuns.UnionWith(outcomes.Where(o => o.To != ExecutionStatus.Retrying && changed.Contains(o.Finished.Item.Id)).Select(o => o.Finished.Item.RunId));
            }
            // After the commit: of items finishing at once, the last to commit sees all the others done.
            if (finishedRuns.Count > 0) await sql.CompleteRunsIfDoneAsync(finishedRuns, Now, ct);
            return 0;
        }, ct);
        return recorded;
    }

    private sealed record Outcome(FinishedItem Finished, ExecutionStatus To, DateTime NextAttemptAt)
    {
        public static Outcome Of(FinishedItem finished, DateTime now)
        {
            var to = finished.Outcome.Succeeded ? ExecutionStatus.Completed
                : finished.Outcome.Retryable && finished.Item.Attempt < finished.Item.MaxAttempts ? ExecutionStatus.Retrying
                : ExecutionStatus.Failed;
            var next = to == ExecutionStatus.Retrying
                ? now + ItemExecution.Backoff(finished.Item.Attempt, TimeSpan.FromSeconds(finished.Item.RetryDelaySeconds), Random.Shared.NextDouble())
                : now;
            return new Outcome(finished, to, next);
        }
    }

    /// <summary>
    /// One statement, its own transaction: every outcome updates its row only if the lease is still ours, and the
    /// rows updated write their history rows.
    /// </summary>
    private static async Task<HashSet<Guid>> RecordOnPostgresAsync(Sql sql, List<Outcome> outcomes, string worker, DateTime now, CancellationToken ct)
    {
        var changed = new HashSet<Guid>();
        await using var reader = await sql.QueryAsync("""
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
            """, ct, ("now", now), ("worker", worker),
            ("ids", outcomes.Select(o => o.Finished.Item.Id).ToArray()),
            ("statuses", outcomes.Select(o => Status(o.To)).ToArray()),
            ("results", outcomes.Select(o => o.Finished.Outcome.ResultJson).ToArray()),
            ("errors", outcomes.Select(o => o.Finished.Outcome.Error).ToArray()),
            ("next", outcomes.Select(o => o.NextAttemptAt).ToArray()),
            ("durations", outcomes.Select(o => o.Finished.DurationMs).ToArray()),
            ("history_ids", outcomes.Select(_ => Guid.CreateVersion7()).ToArray()));
        while (await reader.ReadAsync(ct)) changed.Add(reader.GetGuid(0));
        return changed;
    }

    private static async Task<HashSet<Guid>> RecordOnSqliteAsync(Sql sql, List<Outcome> outcomes, string worker, DateTime now, CancellationToken ct)
    {
        await using var transaction = await sql.BeginAsync(ct);
        var text = new StringBuilder();
        var parameters = new List<(string, object?)> { ("now", now), ("worker", worker) };
        for (var i = 0; i < outcomes.Count; i++)
        {
            var (finished, to, next) = outcomes[i];
            // One statement per item, all sent at once; each names its row only if the lease is still ours.
            text.Append(CultureInfo.InvariantCulture, $"""
                UPDATE item_executions SET status = @to{i}, result_payload = @result{i}, error = @error{i}, finished_at = @finished{i},
                    next_attempt_at = @next{i}, lease_owner = NULL, lease_expires_at = NULL, duration_ms = @duration{i}, updated_at = @now
                WHERE id = @id{i} AND status = 'processing' AND lease_owner = @worker RETURNING id;
                """);
            parameters.AddRange([($"to{i}", Status(to)), ($"result{i}", finished.Outcome.ResultJson), ($"error{i}", finished.Outcome.Error),
                ($"finished{i}", to == ExecutionStatus.Retrying ? null : now), ($"next{i}", next), ($"duration{i}", finished.DurationMs), ($"id{i}", finished.Item.Id)]);
        }
        var changed = new HashSet<Guid>();
        await using (var reader = await sql.QueryAsync(text.ToString(), ct, [.. parameters]))
        {
            do
            {
                while (await reader.ReadAsync(ct)) changed.Add(sql.GuidAt(reader, 0));
            }
            while (await reader.NextResultAsync(ct));
        }
        await sql.InsertHistoryAsync(outcomes.Where(o => changed.Contains(o.Finished.Item.Id)).Select(o => new History(o.Finished.Item.Id,
            o.Finished.Item.RunId, ExecutionStatus.Processing, o.To, o.Finished.Item.Attempt, o.Finished.Outcome.Error, worker)), now, ct);
        await transaction.CommitAsync(ct);
        return changed;
    }

    public Task CancelProcessingAsync(ClaimedItem item, string worker, CancellationToken ct) =>
        InTransactionAsync(async sql =>
        {
            var now = Now;
            var changed = await sql.ExecuteAsync("""
                UPDATE item_executions SET status = 'cancelled', finished_at = @now, lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
                WHERE id = @id AND status = 'processing' AND lease_owner = @worker
                """, ct, ("now", now), ("id", item.Id), ("worker", worker));
            if (changed > 0)
                await sql.InsertHistoryAsync([new History(item.Id, item.RunId, ExecutionStatus.Processing, ExecutionStatus.Cancelled, item.Attempt, "run cancelled", worker)], now, ct);
            return changed;
        }, ct);

    public Task<int> ExtendLeasesAsync(string worker, IReadOnlyCollection<Guid> itemIds, TimeSpan lease, CancellationToken ct) =>
        InTransactionAsync(async sql =>
        {
            var extended = 0;
            foreach (var chunk in itemIds.Chunk(500))
            {
                extended += await sql.ExecuteAsync($"""
                    UPDATE item_executions SET lease_expires_at = @lease
                    WHERE lease_owner = @worker AND status = 'processing' AND id IN ({string.Join(", ", chunk.Select((_, i) => $"@i{i}"))})
                    """, ct, [("lease", Now + lease), ("worker", worker), .. chunk.Select((id, i) => ($"i{i}", (object?)id))]);
            }
            return extended;
        }, ct);

    public async Task<int> ReleaseAsync(IReadOnlyList<ClaimedItem> items, string worker, string reason, CancellationToken ct)
    {
        if (items.Count == 0) return 0;
        return await InTransactionAsync(async sql =>
        {
            var now = Now;
            var released = new List<(Guid Id, Guid RunId, int Attempt)>();
            foreach (var chunk in items.Chunk(500))
            {
                await using var reader = await sql.QueryAsync($"""
                    UPDATE item_executions SET status = 'retrying', attempt_count = attempt_count - 1, next_attempt_at = @front,
                        lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
                    WHERE status = 'processing' AND lease_owner = @worker AND id IN ({string.Join(", ", chunk.Select((_, i) => $"@i{i}"))})
                    RETURNING id, run_id, attempt_count
                    """, ct, [("now", now), ("front", Front), ("worker", worker), .. chunk.Select((item, i) => ($"i{i}", (object?)item.Id))]);
                while (await reader.ReadAsync(ct)) released.Add((sql.GuidAt(reader, 0), sql.GuidAt(reader, 1), reader.GetInt32(2)));
            }
            await sql.InsertHistoryAsync(released.Select(r => new History(r.Id, r.RunId, ExecutionStatus.Processing, ExecutionStatus.Retrying, r.Attempt, reason, worker)), now, ct);
            return released.Count;
        }, ct);
    }

    public Task<IReadOnlyList<string>> LeaseOwnersAsync(CancellationToken ct) =>
        WithConnectionAsync<IReadOnlyList<string>>(async sql =>
        {
            var owners = new List<string>();
            await using var reader = await sql.QueryAsync("SELECT DISTINCT lease_owner FROM item_executions WHERE status = 'processing' AND lease_owner IS NOT NULL", ct);
            while (await reader.ReadAsync(ct)) owners.Add(reader.GetString(0));
            return owners;
        }, ct);

    public Task<int> ReapExpiredLeasesAsync(CancellationToken ct) =>
        ReapAsync("lease_expires_at < @now", [], "lease expired", ct);

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
        var count = await InTransactionAsync(async sql =>
        {
            var now = Now;
            var reaped = new List<(Guid Id, Guid RunId, ExecutionStatus Status, int Attempt)>();
            await using (var reader = await sql.QueryAsync($"""
                UPDATE item_executions
                SET status = CASE WHEN attempt_count < max_attempts THEN 'retrying' ELSE 'failed' END,
                    error = @error,
                    finished_at = CASE WHEN attempt_count < max_attempts THEN NULL ELSE @now END,
                    next_attempt_at = @front, lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
                WHERE status = 'processing' AND {which}
                RETURNING id, run_id, status, attempt_count
                """, ct, [("now", now), ("front", Front), ("error", $"the worker holding the item stopped: {reason}"), .. parameters]))
            {
                while (await reader.ReadAsync(ct))
                    reaped.Add((sql.GuidAt(reader, 0), sql.GuidAt(reader, 1), Enum.Parse<ExecutionStatus>(reader.GetString(2), true), reader.GetInt32(3)));
            }
            if (reaped.Count == 0) return 0;
            await sql.InsertHistoryAsync(reaped.Select(r => new History(r.Id, r.RunId, ExecutionStatus.Processing, r.Status, r.Attempt, reason, null)), now, ct);
            return reaped.Count;
        }, ct);
        // Finishes runs whose last item was reaped, and any run whose finisher stopped between commit and check.
        await WithConnectionAsync(sql => sql.CompleteRunsIfDoneAsync(null, Now, ct), ct);
        return count;
    }

    public Task<IReadOnlySet<Guid>> StoppedRunsAsync(IReadOnlyCollection<Guid> runIds, CancellationToken ct) =>
        InTransactionAsync<IReadOnlySet<Guid>>(async sql =>
        {
            var stopped = new HashSet<Guid>();
            foreach (var chunk in runIds.Chunk(500))
            {
                var names = string.Join(", ", chunk.Select((_, i) => $"@r{i}"));
                await using var reader = await sql.QueryAsync($"SELECT id FROM runs WHERE status <> 'processing' AND id IN ({names})",
                    ct, [.. chunk.Select((id, i) => ($"r{i}", (object?)id))]);
                while (await reader.ReadAsync(ct)) stopped.Add(sql.GuidAt(reader, 0));
            }
            return stopped;
        }, ct);

    public Task<int> CancelQueuedAsync(Guid runId, string reason, CancellationToken ct) =>
        InTransactionAsync(async sql =>
        {
            var now = Now;
            var cancelled = new List<(Guid Id, int Attempt)>();
            await using (var reader = await sql.QueryAsync($"""
                UPDATE item_executions SET status = 'cancelled', finished_at = @now, updated_at = @now
                WHERE run_id = @run AND status IN ('pending', 'retrying')
                RETURNING id, attempt_count
                """, ct, ("now", now), ("run", runId)))
            {
                while (await reader.ReadAsync(ct)) cancelled.Add((sql.GuidAt(reader, 0), reader.GetInt32(1)));
            }
            // Pending items have made no attempt yet; retrying ones have.
            await sql.InsertHistoryAsync(cancelled.Select(c => new History(c.Id, runId, c.Attempt == 0 ? ExecutionStatus.Pending : ExecutionStatus.Retrying,
                ExecutionStatus.Cancelled, c.Attempt, reason, null)), now, ct);
            return cancelled.Count;
        }, ct);

    public Task<int> RequeueFailedAsync(Guid runId, CancellationToken ct) =>
        InTransactionAsync(async sql =>
        {
            var now = Now;
            var requeued = new List<Guid>();
            await using (var reader = await sql.QueryAsync("""
                UPDATE item_executions SET status = 'pending', attempt_count = 0, error = NULL, finished_at = NULL,
                    next_attempt_at = @now, updated_at = @now
                WHERE run_id = @run AND status = 'failed'
                RETURNING id
                """, ct, ("now", now), ("run", runId)))
            {
                while (await reader.ReadAsync(ct)) requeued.Add(sql.GuidAt(reader, 0));
            }
            await sql.InsertHistoryAsync(requeued.Select(id => new History(id, runId, ExecutionStatus.Failed, ExecutionStatus.Pending, 0, "retry failed items", null)), now, ct);
            return requeued.Count;
        }, ct);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string Status(ExecutionStatus status) => status.ToString().ToLowerInvariant();

    private Task<T> InTransactionAsync<T>(Func<Sql, Task<T>> work, CancellationToken ct) =>
        WithConnectionAsync(async sql =>
        {
            await using var transaction = await sql.BeginAsync(ct);
            var result = await work(sql);
            await transaction.CommitAsync(ct);
            return result;
        }, ct);

    private async Task<T> WithConnectionAsync<T>(Func<Sql, Task<T>> work, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SymphonyDbContext>();
        await db.Database.OpenConnectionAsync(ct);
        return await work(new Sql(db.Database.GetDbConnection(), !db.IsSqlite));
    }

    private sealed record History(Guid ItemExecutionId, Guid RunId, ExecutionStatus From, ExecutionStatus To, int Attempt, string? Reason, string? Worker);

    /// <summary>Raw SQL on the context's connection, with values stored the way EF stores them on each provider.</summary>
    private sealed class Sql(DbConnection connection, bool isPostgres)
    {
        private DbTransaction? _transaction;

        public bool IsPostgres { get; } = isPostgres;

        /// <summary>Commands run in the transaction until it is committed or disposed; without one, each is its own.</summary>
        public async Task<Transaction> BeginAsync(CancellationToken ct)
        {
            _transaction = await connection.BeginTransactionAsync(ct);
            return new Transaction(this, _transaction);
        }

        public sealed class Transaction(Sql owner, DbTransaction inner) : IAsyncDisposable
        {
            public Task CommitAsync(CancellationToken ct) => inner.CommitAsync(ct);

            public async ValueTask DisposeAsync()
            {
                owner._transaction = null;
                await inner.DisposeAsync();
            }
        }

        public async Task<int> ExecuteAsync(string text, CancellationToken ct, params (string Name, object? Value)[] parameters)
        {
            await using var command = Command(text, parameters);
            return await command.ExecuteNonQueryAsync(ct);
        }

        public async Task<DbDataReader> QueryAsync(string text, CancellationToken ct, params (string Name, object? Value)[] parameters)
        {
            var command = Command(text, parameters);
            return await command.ExecuteReaderAsync(System.Data.CommandBehavior.Default, ct);
        }

        public Guid GuidAt(DbDataReader reader, int ordinal) =>
            IsPostgres ? reader.GetGuid(ordinal) : Guid.Parse(reader.GetString(ordinal));

        public async Task InsertHistoryAsync(IEnumerable<History> rows, DateTime now, CancellationToken ct)
        {
            var list = rows.ToList();
            for (var start = 0; start < list.Count; start += 500)
            {
                var chunk = list.Skip(start).Take(500).ToList();
                var text = new StringBuilder("""
                    INSERT INTO item_state_history (id, created_at, updated_at, item_execution_id, run_id, from_status, to_status, attempt, occurred_at, reason, worker) VALUES
                    """);
                var parameters = new List<(string, object?)> { ("now", now) };
                for (var i = 0; i < chunk.Count; i++)
                {
                    var row = chunk[i];
                    text.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}(@id{i}, @now, @now, @item{i}, @run{i}, @from{i}, @to{i}, @attempt{i}, @now, @reason{i}, @worker{i})");
                    parameters.AddRange([($"id{i}", Guid.CreateVersion7()), ($"item{i}", row.ItemExecutionId), ($"run{i}", row.RunId),
                        ($"from{i}", Status(row.From)), ($"to{i}", Status(row.To)), ($"attempt{i}", row.Attempt), ($"reason{i}", Truncate(row.Reason)), ($"worker{i}", row.Worker)]);
                }
                await ExecuteAsync(text.ToString(), ct, [.. parameters]);
            }
        }

        /// <summary>
        /// Finishes the given processing runs (or, with none given, every processing run) once none of their items is
        /// left to do. The UPDATE is conditional on the run still processing, so only one caller can win.
        /// </summary>
        public Task<int> CompleteRunsIfDoneAsync(IReadOnlyCollection<Guid>? runIds, DateTime now, CancellationToken ct)
        {
            var ids = runIds?.ToArray() ?? [];
            var which = runIds is null ? "" : IsPostgres ? "id = ANY(@runs) AND " : $"id IN ({string.Join(", ", ids.Select((_, i) => $"@r{i}"))}) AND ";
            (string, object?)[] parameters = [("now", now), .. IsPostgres ? [("runs", (object?)ids)] : ids.Select((id, i) => ($"r{i}", (object?)id))];
            return ExecuteAsync($"""
                UPDATE runs SET
                    status = CASE WHEN EXISTS (SELECT 1 FROM item_executions f WHERE f.run_id = runs.id AND f.status = 'failed') THEN 'failed' ELSE 'completed' END,
                    error_summary = CASE WHEN EXISTS (SELECT 1 FROM item_executions f WHERE f.run_id = runs.id AND f.status = 'failed')
                        THEN CAST((SELECT COUNT(*) FROM item_executions f WHERE f.run_id = runs.id AND f.status = 'failed') AS TEXT) || ' item(s) failed' ELSE NULL END,
                    finished_at = @now, updated_at = @now
                WHERE {which}status = 'processing'
                  AND NOT EXISTS (SELECT 1 FROM item_executions o WHERE o.run_id = runs.id AND o.status IN ({Open}))
                """, ct, parameters);
        }

        private DbCommand Command(string text, (string Name, object? Value)[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = text;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                parameter.Value = Stored(value) ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
            return command;
        }

        private object? Stored(object? value) => IsPostgres ? value : SqliteValues.Stored(value);

        private static string? Truncate(string? text) => text is null || text.Length <= 2000 ? text : text[..2000];
    }
}
