using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Symphony.Domain.Runs;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>Runs executed by the server's own worker, observed through the API and the database.</summary>
public abstract class RunEngineTests(SymphonyApp app)
{
    private const string Workspace = "/api/v1/workspaces/default";

    /// <summary>An echo automation with one batch holding the given item payloads; returns its runs URL.</summary>
    protected async Task<string> AutomationAsync(object[] payloads, int maxAttempts = 3, int retryDelay = 0, int maxConcurrency = 4, object? itemSchema = null)
    {
        var client = app.ClientFor(TestRole.Operator);
        var automation = await ReadJsonAsync(await client.PostAsync($"{Workspace}/automations", Json(new
        {
            name = "e" + Guid.NewGuid().ToString("N")[..10], handler_kind = "echo", max_attempts = maxAttempts,
            retry_delay_seconds = retryDelay, max_concurrency = maxConcurrency, item_schema = itemSchema,
        })));
        var id = automation["id"]!.GetValue<string>();
        var batch = await ReadJsonAsync(await client.PostAsync($"{Workspace}/automations/{id}/batches", Json(new { name = "b" })));
        if (payloads.Length > 0)
        {
            var created = await client.PostAsync($"{Workspace}/automations/{id}/batches/{batch["id"]}/items/actions/bulk-create",
                Json(new { items = payloads.Select(p => new { payload = p }).ToArray() }));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        return $"{Workspace}/automations/{id}/runs";
    }

    protected async Task<JsonNode> StartAndWaitAsync(string runs, int seconds = 30)
    {
        var response = await app.ClientFor(TestRole.Operator).PostAsync($"{runs}?wait={seconds}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    /// <summary>Reads <paramref name="runUrl"/> (a run, or a list of its parts) until <paramref name="done"/> holds or the time is up.</summary>
    private async Task<JsonNode> WaitForAsync(string runUrl, Func<JsonNode, bool> done, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var run = await ReadJsonAsync(await app.Admin.GetAsync(runUrl));
            if (done(run) || DateTime.UtcNow > deadline) return run;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Every_item_runs_once_and_its_history_is_a_complete_chain()
    {
        var runs = await AutomationAsync(Enumerable.Range(0, 200).Select(i => (object)new { n = i }).ToArray(), maxConcurrency: 50);
        var run = await StartAndWaitAsync(runs);
        Assert.Equal("completed", run["status"]!.GetValue<string>());
        Assert.Equal(200, run["counters"]!["completed"]!.GetValue<int>());

        await using var db = app.Database.NewContext();
        var runId = Guid.Parse(run["id"]!.GetValue<string>());
        var items = await db.ItemExecutions.Where(i => i.RunId == runId).ToListAsync();
        Assert.All(items, i => Assert.Equal(1, i.AttemptCount));
        var history = (await db.ItemStateHistory.Where(h => h.RunId == runId).ToListAsync())
            .GroupBy(h => h.ItemExecutionId).ToDictionary(g => g.Key, g => g.OrderBy(h => h.OccurredAt).ThenBy(h => h.Id).ToList());
        Assert.Equal(200, history.Count);
        foreach (var item in items)
        {
            var chain = history[item.Id];
            Assert.Equal(ExecutionStatus.Pending, chain[0].FromStatus);
            for (var i = 1; i < chain.Count; i++) Assert.Equal(chain[i - 1].ToStatus, chain[i].FromStatus);
            Assert.Equal(item.Status, chain[^1].ToStatus);
        }
    }

    [Fact]
    public async Task A_failing_item_is_retried_with_growing_delays_until_it_succeeds()
    {
        var runs = await AutomationAsync([new { fail_until_attempt = 3 }], maxAttempts: 3, retryDelay: 1);
        var run = await StartAndWaitAsync(runs);
        Assert.Equal("completed", run["status"]!.GetValue<string>());

        var item = (await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/runs/{run["id"]}/items")))["items"]![0]!;
        var history = (await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/runs/{run["id"]}/items/{item["id"]}/history")))["history"]!.AsArray();
        Assert.Equal(["processing", "retrying", "processing", "retrying", "processing", "completed"], history.Select(h => h!["to_status"]!.GetValue<string>()));
        Assert.Equal([1, 1, 2, 2, 3, 3], history.Select(h => h!["attempt"]!.GetValue<int>()));
        DateTime At(int i) => history[i]!["occurred_at"]!.GetValue<DateTime>();
        Assert.True(At(2) - At(1) >= TimeSpan.FromSeconds(1), $"first retry after {At(2) - At(1)}");
        Assert.True(At(4) - At(3) >= TimeSpan.FromSeconds(2), $"second retry after {At(4) - At(3)}");
    }

    [Fact]
    public async Task An_exception_escaping_an_executor_fails_its_item_with_task_execution_failed_after_its_retries()
    {
        var runs = await AutomationAsync([new { @throw = "the executor's own bug" }], maxAttempts: 2);
        var run = await StartAndWaitAsync(runs);
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        var failed = (await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/runs/{run["id"]}/items?status=failed")))["items"]!.AsArray().Single()!;
        Assert.Equal(2, failed["attempt_count"]!.GetValue<int>());
        Assert.Equal("TASK_EXECUTION_FAILED: InvalidOperationException: the executor's own bug", failed["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_item_that_keeps_failing_fails_the_run_after_its_last_attempt()
    {
        var runs = await AutomationAsync([new { ok = true }, new { always_fail = true }], maxAttempts: 2);
        var run = await StartAndWaitAsync(runs);
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Equal("1 item(s) failed", run["error_summary"]!.GetValue<string>());
        var failed = (await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/runs/{run["id"]}/items?status=failed")))["items"]!.AsArray().Single()!;
        Assert.Equal(2, failed["attempt_count"]!.GetValue<int>());
        Assert.Contains("always_fail", failed["error"]!.GetValue<string>());
        var batch = await SingleBatchAsync(run);
        Assert.Equal(("b", "failed"), (batch["batch"]!.GetValue<string>(), batch["status"]!.GetValue<string>()));
        Assert.Equal((1, 1, 2), (batch["counters"]!["completed"]!.GetValue<int>(), batch["counters"]!["failed"]!.GetValue<int>(), batch["counters"]!["total"]!.GetValue<int>()));
        Assert.True(batch["finished_at"]!.GetValue<DateTime>() >= batch["started_at"]!.GetValue<DateTime>());
        Assert.True(batch["duration_ms"]!.GetValue<long>() >= 0);
        var ofBatch = (await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/runs/{run["id"]}/items?batch_execution_id={batch["id"]}")))["items"]!.AsArray();
        Assert.Equal(2, ofBatch.Count);
        Assert.All(ofBatch, i => Assert.Equal(batch["id"]!.GetValue<string>(), i!["batch_execution_id"]!.GetValue<string>()));

        var retried = await app.ClientFor(TestRole.Operator).PostAsync($"{Workspace}/runs/{run["id"]}/actions/retry-failed", null);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        var after = await WaitForAsync($"{Workspace}/runs/{run["id"]}", r => r["status"]!.GetValue<string>() == "failed");
        Assert.Equal("failed", after["status"]!.GetValue<string>());
        await AssertProblemAsync(await app.Admin.PostAsync($"{Workspace}/runs/{run["id"]}/actions/cancel", null), HttpStatusCode.Conflict, "INVALID_STATE_TRANSITION");
    }

    [Fact]
    public async Task Cancelling_a_run_stops_running_items_and_cancels_queued_ones()
    {
        var runs = await AutomationAsync(Enumerable.Range(0, 12).Select(_ => (object)new { sleep_ms = 60_000 }).ToArray(), maxConcurrency: 4);
        var started = await ReadJsonAsync(await app.ClientFor(TestRole.Operator).PostAsync(runs, null));
        var url = $"{Workspace}/runs/{started["id"]}";
        await WaitForAsync(url, r => r["counters"]!["processing"]!.GetValue<int>() == 4);

        var cancelled = await app.ClientFor(TestRole.Operator).PostAsync($"{url}/actions/cancel", Json(new { reason = "maintenance window" }));
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var run = await WaitForAsync(url, r => r["counters"]!["cancelled"]!.GetValue<int>() == 12, seconds: 10);
        Assert.Equal("cancelled", run["status"]!.GetValue<string>());
        Assert.Equal("maintenance window", run["cancellation_reason"]!.GetValue<string>());
        Assert.Equal(12, run["counters"]!["cancelled"]!.GetValue<int>());
        // The batch finishes just after its last item is stopped (a run's cancel does not wait for its items).
        var batches = await WaitForAsync($"{url}/batches", p => p["items"]![0]!["status"]!.GetValue<string>() != "processing", seconds: 10);
        Assert.Equal("cancelled", batches["items"]![0]!["status"]!.GetValue<string>());

        await using var db = app.Database.NewContext();
        var runId = Guid.Parse(started["id"]!.GetValue<string>());
        var stoppedWhileRunning = await db.ItemStateHistory.CountAsync(h => h.RunId == runId && h.FromStatus == ExecutionStatus.Processing && h.ToStatus == ExecutionStatus.Cancelled);
        Assert.Equal(4, stoppedWhileRunning);
    }

    [Fact]
    public async Task Requests_with_one_idempotency_key_start_one_run_and_the_lost_races_are_not_errors()
    {
        var runs = await AutomationAsync([new { n = 1 }]);
        var key = Guid.NewGuid().ToString();
        var errorsBefore = app.Logs.AtLeast(Microsoft.Extensions.Logging.LogLevel.Error).Count;
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, runs);
            request.Headers.Add("Idempotency-Key", key);
            var response = await app.ClientFor(TestRole.Operator).SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.NotNull(response.Headers.Location);
            return (await ReadJsonAsync(response))["id"]!.GetValue<string>();
        }));
        Assert.Single(answers.Distinct());
        // A unique violation is how a lost race ends: the expected outcome, not an error in the log.
        Assert.Equal(errorsBefore, app.Logs.AtLeast(Microsoft.Extensions.Logging.LogLevel.Error).Count);
        var automationId = runs.Split('/')[^2];
        var listed = await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/runs?automation_id={automationId}"));
        Assert.Equal(1, listed["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_idempotency_key_answers_only_the_operation_it_came_with()
    {
        var runs = await AutomationAsync([new { n = 1 }]);
        var instance = (await ReadJsonAsync(await app.Admin.PostAsync($"{Workspace}/instances",
            Json(new { name = "idem-" + Guid.NewGuid().ToString("N")[..8], db_type = "postgresql", host = "pg.invalid" }))))["id"]!.GetValue<string>();
        var client = app.ClientFor(TestRole.Operator);
        async Task<HttpResponseMessage> SendAsync(string url, string key, object? body = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body is null ? null : Json(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var key = "nightly-" + Guid.NewGuid().ToString("N");
        var first = (await ReadJsonAsync(await SendAsync(runs, key)))["id"]!.GetValue<string>();
        Assert.Equal(first, (await ReadJsonAsync(await SendAsync(runs, key)))["id"]!.GetValue<string>());
        // The same key for a fleet sync or an aggregation is another operation: refused, naming the run it started.
        var sync = await AssertProblemAsync(await SendAsync($"{Workspace}/instances/actions/sync-accounts", key, new { instance_ids = new[] { instance } }),
            HttpStatusCode.Conflict, "IDEMPOTENCY_KEY_REUSED");
        Assert.Contains(first, sync["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await AssertProblemAsync(await SendAsync($"{Workspace}/capacity/actions/aggregate", key, new { instance_ids = new[] { instance } }),
            HttpStatusCode.Conflict, "IDEMPOTENCY_KEY_REUSED");

        // A fleet sync's key answers the same sync, and refuses a sync of another scope.
        var syncKey = "sync-" + Guid.NewGuid().ToString("N");
        var synced = (await ReadJsonAsync(await SendAsync($"{Workspace}/instances/actions/sync-accounts", syncKey, new { instance_ids = new[] { instance } })))["id"]!.GetValue<string>();
        Assert.Equal(synced, (await ReadJsonAsync(await SendAsync($"{Workspace}/instances/actions/sync-accounts", syncKey, new { instance_ids = new[] { instance } })))["id"]!.GetValue<string>());
        await AssertProblemAsync(await SendAsync($"{Workspace}/instances/actions/sync-capacity", syncKey, new { instance_ids = new[] { instance } }),
            HttpStatusCode.Conflict, "IDEMPOTENCY_KEY_REUSED");
        await AssertProblemAsync(await SendAsync(runs, syncKey), HttpStatusCode.Conflict, "IDEMPOTENCY_KEY_REUSED");
    }

    [Fact]
    public async Task A_run_start_checks_stored_payloads_against_the_current_schema()
    {
        var runs = await AutomationAsync([new { host = "db1" }, new { host = 5 }]);
        var automation = runs[..runs.LastIndexOf("/runs", StringComparison.Ordinal)];
        var definition = await ReadJsonAsync(await app.Admin.GetAsync(automation));
        var tightened = await app.Admin.PatchAsync(automation, Json(new
        {
            item_schema = new { type = "object", properties = new { host = new { type = "string" } } },
            version = definition["version"]!.GetValue<int>(),
        }));
        Assert.Equal(HttpStatusCode.OK, tightened.StatusCode);

        var refused = await app.ClientFor(TestRole.Operator).PostAsync(runs, null);
        var problem = await AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "SCHEMA_VALIDATION_FAILED");
        Assert.Equal("batches[b].items[1].payload/host", problem["errors"]![0]!["field"]!.GetValue<string>());
        var listed = await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/runs?automation_id={runs.Split('/')[^2]}"));
        Assert.Equal(0, listed["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_run_with_no_items_is_complete_at_once()
    {
        var run = await StartAndWaitAsync(await AutomationAsync([]));
        Assert.Equal("completed", run["status"]!.GetValue<string>());
        Assert.Equal(0, run["counters"]!["total"]!.GetValue<int>());
        var batch = await SingleBatchAsync(run);
        Assert.Equal("completed", batch["status"]!.GetValue<string>());
        Assert.Equal(batch["started_at"]!.GetValue<DateTime>(), batch["finished_at"]!.GetValue<DateTime>());
    }

    private async Task<JsonNode> SingleBatchAsync(JsonNode run)
    {
        var page = await ReadJsonAsync(await app.ClientFor(TestRole.Viewer).GetAsync($"{Workspace}/runs/{run["id"]}/batches"));
        return page["items"]!.AsArray().Single()!;
    }
}

[Collection(SqliteEngineServer.Name)]
public sealed class SqliteRunEngineTests(SqliteApp app) : RunEngineTests(app);

[Collection(PostgresEngineServer.Name)]
public sealed class PostgresRunEngineTests(PostgresApp app) : RunEngineTests(app)
{
    /// <summary>The runs SOP's self-check SQL, as written (PostgreSQL's form), finds a run's failed items and the day's failed runs.</summary>
    [Fact]
    public async Task The_runs_sops_self_check_sql_finds_the_failed_items_and_the_days_failed_runs()
    {
        var run = await StartAndWaitAsync(await AutomationAsync([new { ok = true }, new { always_fail = true }, new { always_fail = true }], maxAttempts: 1));
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        var sop = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "flows", "runs.md"));
        string Query(string introduction) =>
            System.Text.RegularExpressions.Regex.Match(sop, System.Text.RegularExpressions.Regex.Escape(introduction) + @"[^\n]*\n\n```sql\n(.*?)```",
                System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;

        var failedItems = await RowsAsync(Query("Failed items of one run").Replace("'<run id>'", $"'{run["id"]}'", StringComparison.Ordinal));
        Assert.Equal(2, failedItems.Count);
        Assert.All(failedItems, row => Assert.Contains("always_fail", row[2], StringComparison.Ordinal));

        var automation = await ReadJsonAsync(await app.Admin.GetAsync($"/api/v1/workspaces/default/automations/{run["automation_id"]}"));
        var byAutomation = await RowsAsync(Query("Failed runs of the last 24 hours, by automation"));
        Assert.Equal("1", byAutomation.Single(row => row[0] == automation["name"]!.GetValue<string>())[1]);
    }

    private async Task<List<string[]>> RowsAsync(string sql)
    {
        Assert.False(string.IsNullOrWhiteSpace(sql), "the SOP's query was not found");
        await using var connection = new Npgsql.NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql.Trim().TrimEnd(';'), connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "")]);
        return rows;
    }
}
