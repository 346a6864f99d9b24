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
public sealed class RunQueue(IServiceScopeFactory scopes, TimeProvider clock) : IRunQueue
{
    private const long ClaimLockKey = 7_301_001;
    private const string Open = "'pending', 'processing', 'retrying'";

    public Task<IReadOnlyList<ClaimedItem>> ClaimAsync(string worker, int limit, TimeSpan lease, CancellationToken ct) =>
        InTransactionAsync<IReadOnlyList<ClaimedItem>>(async sql =>
        {
            var now = Now;
            if (sql.IsPostgres) await sql.ExecuteAsync($"SELECT pg_advisory_xact_lock({ClaimLockKey})", ct);
            var claimed = new List<(Guid Id, Guid RunId, Guid AutomationId, int Attempt, int MaxAttempts, string Payload)>();
            await using (var reader = await sql.QueryAsync($"""
                WITH busy AS (
                    SELECT automation_id, COUNT(*) AS n FROM item_executions WHERE status = 'processing' GROUP BY automation_id
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
                    SELECT q.id FROM item_executions q JOIN allowed ON allowed.id = q.id
                    {(sql.IsPostgres ? "FOR UPDATE OF q SKIP LOCKED" : "")}
                )
                UPDATE item_executions {(sql.IsPostgres ? "AS ie" : "")}
                SET status = 'processing', attempt_count = attempt_count + 1, lease_owner = @worker, lease_expires_at = @lease,
                    started_at = COALESCE(started_at, @now), updated_at = @now
                FROM locked WHERE {(sql.IsPostgres ? "ie." : "item_executions.")}id = locked.id
                RETURNING {(sql.IsPostgres ? "ie.id, ie.run_id, ie.automation_id, ie.attempt_count, ie.max_attempts, ie.payload::text"
                    : "id, run_id, automation_id, attempt_count, max_attempts, payload")}
                """, ct, ("now", now), ("limit", limit), ("scan", limit * 8), ("worker", worker), ("lease", now + lease)))
            {
                while (await reader.ReadAsync(ct))
                    claimed.Add((sql.GuidAt(reader, 0), sql.GuidAt(reader, 1), sql.GuidAt(reader, 2), reader.GetInt32(3), reader.GetInt32(4), reader.GetString(5)));
            }
            if (claimed.Count == 0) return [];

            // A claimed item with one attempt made was pending; more, it was retrying (re-queued items restart at zero).
            await sql.InsertHistoryAsync(claimed.Select(c => new History(c.Id, c.RunId, c.Attempt == 1 ? ExecutionStatus.Pending : ExecutionStatus.Retrying,
                ExecutionStatus.Processing, c.Attempt, null, worker)), now, ct);

            var automations = new Dictionary<Guid, (string Kind, string Config, int Delay)>();
            foreach (var automationId in claimed.Select(c => c.AutomationId).Distinct())
            {
                await using var reader = await sql.QueryAsync(
                    $"SELECT handler_kind, handler_config{(sql.IsPostgres ? "::text" : "")}, retry_delay_seconds FROM automations WHERE id = @id",
                    ct, ("id", automationId));
                await reader.ReadAsync(ct);
                automations[automationId] = (reader.GetString(0), reader.GetString(1), reader.GetInt32(2));
            }
            return claimed.Select(c => new ClaimedItem(c.Id, c.RunId, c.Attempt, c.MaxAttempts, c.Payload,
                automations[c.AutomationId].Kind, automations[c.AutomationId].Config, automations[c.AutomationId].Delay)).ToList();
        }, ct);

    public async Task<bool> FinishAsync(ClaimedItem item, HandlerOutcome outcome, string worker, long durationMs, CancellationToken ct) =>
        (await FinishManyAsync([new FinishedItem(item, outcome, durationMs)], worker, ct)).Contains(item.Id);

    public async Task<IReadOnlySet<Guid>> FinishManyAsync(IReadOnlyList<FinishedItem> finished, string worker, CancellationToken ct)
    {
        var recorded = new HashSet<Guid>();
        var finishedRuns = new HashSet<Guid>();
        foreach (var chunk in finished.Chunk(100))
        {
            await InTransactionAsync(async sql =>
            {
                var now = Now;
                var text = new StringBuilder();
                var parameters = new List<(string, object?)> { ("now", now), ("worker", worker) };
                var outcomes = new List<(FinishedItem Finished, ExecutionStatus To)>();
                for (var i = 0; i < chunk.Length; i++)
                {
                    var (item, outcome, duration) = chunk[i];
                    var to = outcome.Succeeded ? ExecutionStatus.Completed
                        : item.Attempt < item.MaxAttempts ? ExecutionStatus.Retrying
                        : ExecutionStatus.Failed;
                    var next = to == ExecutionStatus.Retrying
                        ? now + ItemExecution.Backoff(item.Attempt, TimeSpan.FromSeconds(item.RetryDelaySeconds), Random.Shared.NextDouble())
                        : now;
                    outcomes.Add((chunk[i], to));
                    // One statement per item, all sent in one round trip; each names its row only if the lease is still ours.
                    text.Append(CultureInfo.InvariantCulture, $"""
                        UPDATE item_executions SET status = @to{i}, result_payload = {(sql.IsPostgres ? $"CAST(@result{i} AS jsonb)" : $"@result{i}")},
                            error = @error{i}, finished_at = @finished{i}, next_attempt_at = @next{i}, lease_owner = NULL,
                            lease_expires_at = NULL, duration_ms = @duration{i}, updated_at = @now
                        WHERE id = @id{i} AND status = 'processing' AND lease_owner = @worker RETURNING id;
                        """);
                    parameters.AddRange([($"to{i}", Status(to)), ($"result{i}", outcome.ResultJson), ($"error{i}", outcome.Error),
                        ($"finished{i}", to == ExecutionStatus.Retrying ? null : now), ($"next{i}", next), ($"duration{i}", duration), ($"id{i}", item.Id)]);
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
                var done = outcomes.Where(o => changed.Contains(o.Finished.Item.Id)).ToList();
                await sql.InsertHistoryAsync(done.Select(o => new History(o.Finished.Item.Id, o.Finished.Item.RunId, ExecutionStatus.Processing, o.To,
                    o.Finished.Item.Attempt, o.Finished.Outcome.Error, worker)), now, ct);
                recorded.UnionWith(changed);
                finishedRuns.UnionWith(done.Where(o => o.To != ExecutionStatus.Retrying).Select(o => o.Finished.Item.RunId));
                return 0;
            }, ct);
        }
        // After the commit: of items finishing at once, the last to commit sees all the others done.
        foreach (var runId in finishedRuns)
            await InTransactionAsync(sql => sql.CompleteRunIfDoneAsync(runId, Now, ct), ct);
        return recorded;
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

    public Task ExtendLeasesAsync(string worker, TimeSpan lease, CancellationToken ct) =>
        InTransactionAsync(sql => sql.ExecuteAsync(
            "UPDATE item_executions SET lease_expires_at = @lease WHERE lease_owner = @worker AND status = 'processing'",
            ct, ("lease", Now + lease), ("worker", worker)), ct);

    public async Task<int> ReapExpiredLeasesAsync(CancellationToken ct)
    {
        var count = await InTransactionAsync(async sql =>
        {
            var now = Now;
            var reaped = new List<(Guid Id, Guid RunId, ExecutionStatus Status, int Attempt)>();
            await using (var reader = await sql.QueryAsync("""
                UPDATE item_executions
                SET status = CASE WHEN attempt_count < max_attempts THEN 'retrying' ELSE 'failed' END,
                    error = 'the worker holding the item stopped; its lease expired',
                    finished_at = CASE WHEN attempt_count < max_attempts THEN NULL ELSE @now END,
                    next_attempt_at = @now, lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
                WHERE status = 'processing' AND lease_expires_at < @now
                RETURNING id, run_id, status, attempt_count
                """, ct, ("now", now)))
            {
                while (await reader.ReadAsync(ct))
                    reaped.Add((sql.GuidAt(reader, 0), sql.GuidAt(reader, 1), Enum.Parse<ExecutionStatus>(reader.GetString(2), true), reader.GetInt32(3)));
            }
            if (reaped.Count == 0) return 0;
            await sql.InsertHistoryAsync(reaped.Select(r => new History(r.Id, r.RunId, ExecutionStatus.Processing, r.Status, r.Attempt, "lease expired", null)), now, ct);
            return reaped.Count;
        }, ct);
        // Finishes runs whose last item was reaped, and any run whose finisher stopped between commit and check.
        await InTransactionAsync(sql => sql.CompleteRunIfDoneAsync(null, Now, ct), ct);
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

    private async Task<T> InTransactionAsync<T>(Func<Sql, Task<T>> work, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SymphonyDbContext>();
        await db.Database.OpenConnectionAsync(ct);
        await using var transaction = await db.Database.GetDbConnection().BeginTransactionAsync(ct);
        var result = await work(new Sql(db.Database.GetDbConnection(), transaction, !db.IsSqlite));
        await transaction.CommitAsync(ct);
        return result;
    }

    private sealed record History(Guid ItemExecutionId, Guid RunId, ExecutionStatus From, ExecutionStatus To, int Attempt, string? Reason, string? Worker);

    /// <summary>Raw SQL on the context's connection, with values stored the way EF stores them on each provider.</summary>
    private sealed class Sql(DbConnection connection, DbTransaction transaction, bool isPostgres)
    {
        public bool IsPostgres { get; } = isPostgres;

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
        /// Finishes a processing run (or, with no id, every processing run) once none of its items is left to do.
        /// The UPDATE is conditional on the run still processing, so only one caller can win.
        /// </summary>
        public Task<int> CompleteRunIfDoneAsync(Guid? runId, DateTime now, CancellationToken ct) => ExecuteAsync($"""
            UPDATE runs SET
                status = CASE WHEN EXISTS (SELECT 1 FROM item_executions f WHERE f.run_id = runs.id AND f.status = 'failed') THEN 'failed' ELSE 'completed' END,
                error_summary = CASE WHEN EXISTS (SELECT 1 FROM item_executions f WHERE f.run_id = runs.id AND f.status = 'failed')
                    THEN CAST((SELECT COUNT(*) FROM item_executions f WHERE f.run_id = runs.id AND f.status = 'failed') AS TEXT) || ' item(s) failed' ELSE NULL END,
                finished_at = @now, updated_at = @now
            WHERE {(runId is null ? "" : "id = @run AND ")}status = 'processing'
              AND NOT EXISTS (SELECT 1 FROM item_executions o WHERE o.run_id = runs.id AND o.status IN ({Open}))
            """, ct, ("run", runId), ("now", now));

        private DbCommand Command(string text, (string Name, object? Value)[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
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

        // SQLite keeps GUIDs and times as text in EF's formats; PostgreSQL takes them as they are.
        private object? Stored(object? value) => IsPostgres ? value : value switch
        {
            Guid guid => guid.ToString().ToUpperInvariant(),
            DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
            _ => value,
        };

        private static string? Truncate(string? text) => text is null || text.Length <= 2000 ? text : text[..2000];
    }
}
