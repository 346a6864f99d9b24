using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>
/// The HTTP handler and the external-engine handler, run by the server's worker against a real HTTP server
/// standing in for the item endpoint and the engine; engines, orchestration instances and run links via the API.
/// </summary>
public abstract class OrchestrationTests(SymphonyApp app) : IAsyncLifetime
{
    private const string Workspace = "/api/v1/workspaces/default";
    private LocalHttpServer _server = null!;
    private readonly ConcurrentDictionary<string, int> _calls = new();

    /// <summary>Engine-side state of the fake HTTP engine: run id to status, and the callbacks it was given.</summary>
    private readonly ConcurrentDictionary<string, string> _engineRuns = new();
    private readonly ConcurrentDictionary<string, (string Url, string Token)> _callbacks = new();

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync(MapFakes);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private void MapFakes(WebApplication web)
    {
        // Item endpoints: each answers by its script, counting calls per path.
        web.MapPost("/items/ok", (JsonElement body) => Results.Json(new { received = body.GetProperty("payload"), attempt = body.GetProperty("attempt") }));
        web.MapPost("/items/flaky", () => _calls.AddOrUpdate("flaky", 1, (_, n) => n + 1) < 3 ? Results.StatusCode(503) : Results.Text("fine at last"));
        web.MapPost("/items/refuses", () => Results.BadRequest(new { error = "host is not allowed" }));
        web.MapPost("/items/slow", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            return Results.Ok();
        });

        // A workflow engine speaking Symphony's HTTP contract. A workflow's status is set by the test.
        web.MapPost("/workflows/{workflow}/runs", (string workflow, JsonElement body) =>
        {
            var id = $"{workflow}-{_engineRuns.Count + 1}";
            _engineRuns[id] = "running";
            if (body.GetProperty("callback") is { ValueKind: JsonValueKind.Object } callback)
                _callbacks[id] = (callback.GetProperty("url").GetString()!, callback.GetProperty("token").GetString()!);
            return Results.Json(new { id, status = "running", url = $"https://engine.example/{id}" });
        });
        web.MapGet("/runs/{id}", (string id) => _engineRuns.TryGetValue(id, out var status)
            ? Results.Json(new
            {
                id, status,
                error = status == "failed" ? "step 2 of 3 failed: disk full" : null,
                result = status == "succeeded" ? new { rows = 42 } : null,
            })
            : Results.NotFound());
        web.MapPost("/runs/{id}/cancel", (string id) =>
        {
            _engineRuns[id] = "cancelled";
            return Results.NoContent();
        });
    }

    private async Task<(string Runs, string Automation)> AutomationAsync(string kind, object config, int maxAttempts = 3, int items = 1)
    {
        var client = app.ClientFor(TestRole.Operator);
        var response = await client.PostAsync($"{Workspace}/automations", Json(new
        {
            name = "o" + Guid.NewGuid().ToString("N")[..10], handler_kind = kind, handler_config = config, max_attempts = maxAttempts,
            retry_delay_seconds = 0,
        }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await ReadJsonAsync(response))["id"]!.GetValue<string>();
        var batch = await ReadJsonAsync(await client.PostAsync($"{Workspace}/automations/{id}/batches", Json(new { name = "b" })));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"{Workspace}/automations/{id}/batches/{batch["id"]}/items/actions/bulk-create",
            Json(new { items = Enumerable.Range(0, items).Select(i => new { payload = new { host = $"db{i}" } }).ToArray() }))).StatusCode);
        return ($"{Workspace}/automations/{id}/runs", id);
    }

    private async Task<string> EngineAsync(string type = "http", object? config = null)
    {
        var response = await app.ClientFor(TestRole.Operator).PostAsync($"{Workspace}/engines", Json(new
        {
            name = "eng" + Guid.NewGuid().ToString("N")[..8], type, base_url = _server.Url.AbsoluteUri, config = config ?? new { },
        }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ReadJsonAsync(response))["id"]!.GetValue<string>();
    }

    private async Task<JsonNode> WaitForRunAsync(string runId, Func<JsonNode, bool> done, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var run = await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/runs/{runId}"));
            if (done(run) || DateTime.UtcNow > deadline) return run;
            await Task.Delay(100);
        }
    }

    private async Task<JsonNode> StartAsync(string runs) => await ReadJsonAsync(await app.ClientFor(TestRole.Operator).PostAsync(runs, null));

    private async Task<JsonNode> OnlyItemAsync(string runId) =>
        (await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/runs/{runId}/items")))["items"]![0]!;

    private static string Status(JsonNode node) => node["status"]!.GetValue<string>();

    [Fact]
    public async Task Http_items_are_posted_with_an_idempotency_key_and_complete_with_the_answer()
    {
        var (runs, _) = await AutomationAsync("http", new { url = $"{_server.Url}items/ok" }, items: 3);
        var run = await StartAsync(runs);
        run = await WaitForRunAsync(run["id"]!.GetValue<string>(), r => Status(r) != "processing");

        Assert.Equal("completed", Status(run));
        var items = (await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/runs/{run["id"]}/items")))["items"]!.AsArray();
        Assert.All(items, i => Assert.StartsWith("db", i!["result"]!["received"]!["host"]!.GetValue<string>(), StringComparison.Ordinal));
        var posts = _server.To("POST", "/items/ok");
        Assert.Equal(3, posts.Count);
        Assert.Equal(items.Select(i => i!["id"]!.GetValue<string>()).Order(), posts.Select(p => p.Headers["Idempotency-Key"]).Order());
    }

    [Fact]
    public async Task Http_items_are_retried_on_server_errors_and_fail_at_once_when_refused()
    {
        var (flaky, _) = await AutomationAsync("http", new { url = $"{_server.Url}items/flaky" }, maxAttempts: 5);
        var (refuses, _) = await AutomationAsync("http", new { url = $"{_server.Url}items/refuses" }, maxAttempts: 5);
        var flakyRun = await StartAsync(flaky);
        var refusedRun = await StartAsync(refuses);

        flakyRun = await WaitForRunAsync(flakyRun["id"]!.GetValue<string>(), r => Status(r) != "processing");
        Assert.Equal("completed", Status(flakyRun));
        var flakyItem = await OnlyItemAsync(flakyRun["id"]!.GetValue<string>());
        Assert.Equal("fine at last", flakyItem["result"]!["body"]!.GetValue<string>());
        // Both 503 answers were retried. On a loaded machine a pooled connection can also fail once in transport,
        // which is retried the same way, so the attempts are the failures in the history plus the one that succeeded.
        var history = (await ReadJsonAsync(await app.Admin.GetAsync(
            $"{Workspace}/runs/{flakyRun["id"]}/items/{flakyItem["id"]}/history")))["history"]!.AsArray();
        var failures = history.Where(h => h!["from_status"]!.GetValue<string>() == "processing" && h["to_status"]!.GetValue<string>() == "retrying")
            .Select(h => h!["reason"]!.GetValue<string>()).ToList();
        Assert.Equal(2, failures.Count(reason => reason.Contains("answered 503", StringComparison.Ordinal)));
        Assert.Equal(failures.Count + 1, flakyItem["attempt_count"]!.GetValue<int>());

        refusedRun = await WaitForRunAsync(refusedRun["id"]!.GetValue<string>(), r => Status(r) != "processing");
        Assert.Equal("failed", Status(refusedRun));
        var refused = await OnlyItemAsync(refusedRun["id"]!.GetValue<string>());
        Assert.Equal(1, refused["attempt_count"]!.GetValue<int>());
        Assert.Contains("400", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("host is not allowed", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_items_time_out_after_the_configured_seconds()
    {
        var (runs, _) = await AutomationAsync("http", new { url = $"{_server.Url}items/slow", timeout_seconds = 1 }, maxAttempts: 1);
        var run = await WaitForRunAsync((await StartAsync(runs))["id"]!.GetValue<string>(), r => Status(r) != "processing");
        Assert.Equal("failed", Status(run));
        Assert.Contains("timed out after 1 s", (await OnlyItemAsync(run["id"]!.GetValue<string>()))["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handler_config_the_handler_cannot_use_is_refused_with_its_paths()
    {
        var client = app.ClientFor(TestRole.Operator);
        var problem = await AssertProblemAsync(await client.PostAsync($"{Workspace}/automations", Json(new
        {
            name = "bad-http", handler_kind = "http", handler_config = new { url = "ftp://x", timeout_seconds = 0 },
        })), HttpStatusCode.UnprocessableEntity, "SCHEMA_VALIDATION_FAILED");
        var fields = problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("handler_config/url", fields);
        Assert.Contains("handler_config/timeout_seconds", fields);

        await AssertProblemAsync(await client.PostAsync($"{Workspace}/automations", Json(new
        {
            name = "bad-engine", handler_kind = "engine", handler_config = new { workflow = "x" },
        })), HttpStatusCode.UnprocessableEntity, "SCHEMA_VALIDATION_FAILED");
    }

    [Fact]
    public async Task An_engine_workflow_is_started_recorded_linked_and_followed_by_polling_until_it_succeeds()
    {
        var engine = await EngineAsync();
        var (runs, _) = await AutomationAsync("engine", new { engine_id = engine, workflow = "nightly", parameters = new { depth = 2 }, poll_interval_seconds = 0.2 });
        var runId = (await StartAsync(runs))["id"]!.GetValue<string>();

        var links = await WaitForLinksAsync(runId, l => l.Count == 1 && l[0]!["orchestration_instance"]!["external_id"] is not null);
        var instance = links[0]!["orchestration_instance"]!;
        var externalId = instance["external_id"]!.GetValue<string>();
        Assert.Equal("processing", Status(instance));
        Assert.Equal("processing", Status(await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/runs/{runId}"))));

        _engineRuns[externalId] = "succeeded";
        var run = await WaitForRunAsync(runId, r => Status(r) != "processing");
        Assert.Equal("completed", Status(run));
        var result = (await OnlyItemAsync(runId))["result"]!;
        Assert.Equal(externalId, result["external_id"]!.GetValue<string>());
        Assert.Equal(42, result["result"]!["rows"]!.GetValue<int>());

        var stored = await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/orchestration-instances/{instance["id"]}"));
        Assert.Equal("completed", Status(stored));
        Assert.Equal([runId], stored["run_ids"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal($"https://engine.example/{externalId}", stored["metadata"]!["url"]!.GetValue<string>());
        Assert.NotNull(stored["finished_at"]);
        var start = JsonDocument.Parse(_server.To("POST", "/workflows/nightly/runs").Single().Body).RootElement;
        Assert.Equal(2, start.GetProperty("parameters").GetProperty("depth").GetInt32());
        Assert.Equal(JsonValueKind.Null, start.GetProperty("callback").ValueKind);
    }

    [Fact]
    public async Task A_failed_workflow_fails_its_item_with_the_engines_error()
    {
        var engine = await EngineAsync();
        var (runs, _) = await AutomationAsync("engine", new { engine_id = engine, workflow = "breaks", poll_interval_seconds = 0.2 }, maxAttempts: 1);
        var runId = (await StartAsync(runs))["id"]!.GetValue<string>();
        var links = await WaitForLinksAsync(runId, l => l.Count == 1 && l[0]!["orchestration_instance"]!["external_id"] is not null);
        _engineRuns[links[0]!["orchestration_instance"]!["external_id"]!.GetValue<string>()] = "failed";

        var run = await WaitForRunAsync(runId, r => Status(r) != "processing");
        Assert.Equal("failed", Status(run));
        Assert.Contains("disk full", (await OnlyItemAsync(runId))["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var instance = (await WaitForLinksAsync(runId, _ => true))[0]!["orchestration_instance"]!;
        Assert.Equal("failed", Status(instance));
    }

    [Fact]
    public async Task A_workflow_followed_by_callback_finishes_when_the_engine_reports_with_its_token()
    {
        var engine = await EngineAsync();
        var (runs, _) = await AutomationAsync("engine", new { engine_id = engine, workflow = "cb", follow = "callback", poll_interval_seconds = 0.2 });
        var runId = (await StartAsync(runs))["id"]!.GetValue<string>();
        var links = await WaitForLinksAsync(runId, l => l.Count == 1 && l[0]!["orchestration_instance"]!["external_id"] is not null);
        var externalId = links[0]!["orchestration_instance"]!["external_id"]!.GetValue<string>();
        var (url, token) = _callbacks[externalId];
        var path = new Uri(url).AbsolutePath;
        Assert.Equal($"/api/v1/orchestration-callbacks/{links[0]!["orchestration_instance"]!["id"]}", path);

        // Nobody else can report: a wrong token is a 404, as is an unknown instance.
        var anonymous = app.NewClient(cookies: false);
        using (var wrong = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(new { status = "succeeded" }) })
        {
            wrong.Headers.Add("X-Symphony-Callback-Token", "not-the-token");
            await AssertProblemAsync(await anonymous.SendAsync(wrong), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        }
        Assert.Equal("processing", Status(await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/runs/{runId}"))));

        using var report = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = Json(new { status = "succeeded", result = new { migrated = true }, url = "https://engine.example/cb" }),
        };
        report.Headers.Add("X-Symphony-Callback-Token", token);
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.SendAsync(report)).StatusCode);

        var run = await WaitForRunAsync(runId, r => Status(r) != "processing");
        Assert.Equal("completed", Status(run));
        Assert.True((await OnlyItemAsync(runId))["result"]!["result"]!["migrated"]!.GetValue<bool>());
        Assert.Empty(_server.To("GET", "/runs/"));
    }

    [Fact]
    public async Task Cancelling_a_run_cancels_its_workflow_in_the_engine()
    {
        var engine = await EngineAsync();
        var (runs, _) = await AutomationAsync("engine", new { engine_id = engine, workflow = "long", poll_interval_seconds = 0.2 });
        var runId = (await StartAsync(runs))["id"]!.GetValue<string>();
        var links = await WaitForLinksAsync(runId, l => l.Count == 1 && l[0]!["orchestration_instance"]!["external_id"] is not null);
        var externalId = links[0]!["orchestration_instance"]!["external_id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(TestRole.Operator).PostAsync($"{Workspace}/runs/{runId}/actions/cancel", null)).StatusCode);
        var run = await WaitForRunAsync(runId, r => Status(r) == "cancelled" && r["counters"]!["processing"]!.GetValue<int>() == 0);
        Assert.Equal("cancelled", Status(run));
        Assert.Single(_server.To("POST", $"/runs/{externalId}/cancel"));
        var instance = (await WaitForLinksAsync(runId, l => Status(l[0]!["orchestration_instance"]!) == "cancelled"))[0]!["orchestration_instance"]!;
        Assert.Equal("cancelled", Status(instance));
    }

    [Fact]
    public async Task Instances_started_elsewhere_can_be_registered_and_linked_to_runs_once()
    {
        var client = app.ClientFor(TestRole.Operator);
        var engine = await EngineAsync("jenkins");
        var external = "deploy#" + Random.Shared.Next(1, 100_000);
        var created = await client.PostAsync($"{Workspace}/orchestration-instances", Json(new
        {
            engine_id = engine, external_id = external, status = "completed", started_at = "2026-11-22T01:00:00Z",
            finished_at = "2026-11-22T01:02:30Z", metadata = new { url = "https://ci.example/job/deploy/7/" },
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var instance = await ReadJsonAsync(created);
        Assert.Equal(150, instance["duration_seconds"]!.GetValue<int>());
        await AssertProblemAsync(await client.PostAsync($"{Workspace}/orchestration-instances", Json(new { engine_id = engine, external_id = external })),
            HttpStatusCode.Conflict, "ALREADY_EXISTS");

        var (runs, _) = await AutomationAsync("echo", new { });
        var runId = (await StartAsync(runs))["id"]!.GetValue<string>();
        var linked = await client.PostAsync($"{Workspace}/runs/{runId}/orchestrations", Json(new { orchestration_instance_id = instance["id"] }));
        Assert.Equal(HttpStatusCode.Created, linked.StatusCode);
        await AssertProblemAsync(await client.PostAsync($"{Workspace}/runs/{runId}/orchestrations", Json(new { orchestration_instance_id = instance["id"] })),
            HttpStatusCode.Conflict, "ALREADY_EXISTS");
        await AssertProblemAsync(await client.PostAsync($"{Workspace}/runs/{runId}/orchestrations", Json(new { orchestration_instance_id = Guid.NewGuid() })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var listed = await ReadJsonAsync(await client.GetAsync($"{Workspace}/orchestration-instances?engine_id={engine}&status=completed"));
        Assert.Equal(instance["id"]!.GetValue<string>(), Assert.Single(listed["items"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal([runId], listed["items"]![0]!["run_ids"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Engines_are_checked_by_type_and_never_hold_credentials_in_their_address()
    {
        var client = app.ClientFor(TestRole.Operator);
        await AssertProblemAsync(await client.PostAsync($"{Workspace}/engines", Json(new { name = "argo-no-ns", type = "argo", base_url = "https://argo.example" })),
            HttpStatusCode.UnprocessableEntity, "SCHEMA_VALIDATION_FAILED");
        await AssertProblemAsync(await client.PostAsync($"{Workspace}/engines", Json(new { name = "jenkins-no-url", type = "jenkins" })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await client.PostAsync($"{Workspace}/engines",
            Json(new { name = "with-secret", type = "jenkins", base_url = "https://admin:hunter2@ci.example" })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await client.PostAsync($"{Workspace}/engines", Json(new { name = "odd", type = "airflow", base_url = "https://x.example" })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"{Workspace}/engines", Json(new { name = "b" + Guid.NewGuid().ToString("N")[..6], type = "builtin" }))).StatusCode);
        var listed = await ReadJsonAsync(await client.GetAsync($"{Workspace}/engines?type=airflow"));
        Assert.Equal(0, listed["total"]!.GetValue<int>());
    }

    private async Task<JsonArray> WaitForLinksAsync(string runId, Func<JsonArray, bool> done, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var links = (await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/runs/{runId}/orchestrations"))).AsArray();
            if (done(links) || DateTime.UtcNow > deadline) return links;
            await Task.Delay(100);
        }
    }
}

public sealed class SqliteOrchestrationTests(SqliteLocalEgressApp app) : OrchestrationTests(app), IClassFixture<SqliteLocalEgressApp>;

public sealed class PostgresOrchestrationTests(PostgresLocalEgressApp app) : OrchestrationTests(app), IClassFixture<PostgresLocalEgressApp>;
