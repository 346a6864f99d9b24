using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Symphony.Application.Orchestration;
using Symphony.Infrastructure.Orchestration;
using Symphony.Testing;

namespace Symphony.Infrastructure.Tests;

/// <summary>
/// The engine adapters against a real HTTP server answering with recorded Jenkins and argo-server bodies
/// (Recorded/): what they send, and how they read every state of a workflow.
/// </summary>
public sealed class EngineAdapterTests : IAsyncLifetime
{
    private static readonly HttpClient Client = new();
    private static readonly Guid RunId = Guid.CreateVersion7();
    private static readonly Guid ItemExecutionId = Guid.CreateVersion7();
    private readonly EngineHttp _http = new(Client);
    private LocalHttpServer _server = null!;

    /// <summary>What the fake engine answers next on each route; tests change them as the workflow moves on.</summary>
    private readonly Dictionary<string, Func<IResult>> _answers = [];

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync(app =>
        app.Run(async http =>
        {
            var key = $"{http.Request.Method} {http.Request.Path}";
            var result = _answers.TryGetValue(key, out var answer) ? answer() : Results.NotFound(new { message = $"no route {key}" });
            await result.ExecuteAsync(http);
        }));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private void Answer(string route, string recording) => _answers[route] = () => Recorded.Json(Path.Combine("Recorded", recording));

    private EngineTarget Target(string config = "{}") => new(_server.Url, Parse(config));

    private static WorkflowRequest Request(string workflow, string parameters = """{"target":"db1","retries":2}""") =>
        new(workflow, Parse(parameters), Parse("""{"host":"db1"}"""), RunId, ItemExecutionId, null, null);

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public async Task Jenkins_queues_a_build_with_parameters_and_follows_it_from_queue_item_to_result()
    {
        _answers["POST /job/ops/job/deploy/buildWithParameters"] = () => Results.Created($"{_server.Url}queue/item/17/", null);
        var jenkins = new JenkinsAdapter(_http);

        var started = await jenkins.StartAsync(Target(), Request("ops/deploy"), default);
        Assert.Equal(("queue:17", ExternalState.Pending), (started.ExternalId, started.State));
        var form = _server.To("POST", "/job/ops/job/deploy/buildWithParameters").Single().Body;
        Assert.Contains("target=db1", form, StringComparison.Ordinal);
        Assert.Contains("retries=2", form, StringComparison.Ordinal);
        Assert.Contains($"SYMPHONY_ITEM_EXECUTION_ID={ItemExecutionId}", form, StringComparison.Ordinal);

        Answer("GET /queue/item/17/api/json", "jenkins/queue-waiting.json");
        var waiting = await jenkins.GetAsync(Target(), "queue:17", default);
        Assert.Equal(ExternalState.Pending, waiting.State);
        Assert.Contains("quiet period", waiting.Error, StringComparison.Ordinal);

        Answer("GET /queue/item/17/api/json", "jenkins/queue-left.json");
        Answer("GET /job/ops/job/deploy/42/api/json", "jenkins/build-running.json");
        var running = await jenkins.GetAsync(Target(), "queue:17", default);
        Assert.Equal(("ops/deploy#42", ExternalState.Running), (running.ExternalId, running.State));
        Assert.Equal("http://jenkins.local/job/ops/job/deploy/42/", running.Url);

        foreach (var (recording, state) in new[]
                 {
                     ("build-success", ExternalState.Succeeded), ("build-failure", ExternalState.Failed), ("build-aborted", ExternalState.Cancelled),
                 })
        {
            Answer("GET /job/ops/job/deploy/42/api/json", $"jenkins/{recording}.json");
            var finished = await jenkins.GetAsync(Target(), running.ExternalId, default);
            Assert.Equal((running.ExternalId, state), (finished.ExternalId, finished.State));
            Assert.True(finished.IsFinished);
        }
    }

    [Fact]
    public async Task Jenkins_reports_a_cancelled_queue_item_and_cancels_queue_items_and_builds()
    {
        Answer("GET /queue/item/18/api/json", "jenkins/queue-cancelled.json");
        _answers["POST /queue/cancelItem"] = () => Results.NoContent();
        _answers["POST /job/ops/job/deploy/42/stop"] = () => Results.Ok();
        var jenkins = new JenkinsAdapter(_http);

        Assert.Equal(ExternalState.Cancelled, (await jenkins.GetAsync(Target(), "queue:18", default)).State);
        await jenkins.CancelAsync(Target(), "queue:18", default);
        await jenkins.CancelAsync(Target(), "ops/deploy#42", default);
        Assert.Equal("/queue/cancelItem?id=18", _server.To("POST", "/queue/cancelItem").Single().PathAndQuery);
        Assert.Single(_server.To("POST", "/job/ops/job/deploy/42/stop"));
    }

    [Fact]
    public async Task Argo_submits_from_a_workflow_template_and_reads_every_phase()
    {
        Answer("POST /api/v1/workflows/ops/submit", "argo/submitted.json");
        var argo = new ArgoAdapter(_http);
        var target = Target("""{"namespace":"ops"}""");

        var started = await argo.StartAsync(target, Request("db-backup"), default);
        Assert.Equal(("db-backup-x7k2p", ExternalState.Pending), (started.ExternalId, started.State));
        Assert.Equal($"{_server.Url}workflows/ops/db-backup-x7k2p", started.Url);
        var submit = JsonDocument.Parse(_server.To("POST", "/api/v1/workflows/ops/submit").Single().Body).RootElement;
        Assert.Equal("WorkflowTemplate", submit.GetProperty("resourceKind").GetString());
        Assert.Equal("db-backup", submit.GetProperty("resourceName").GetString());
        Assert.Equal(["target=db1", "retries=2"], submit.GetProperty("submitOptions").GetProperty("parameters").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains($"symphony.run-id={RunId}", submit.GetProperty("submitOptions").GetProperty("labels").GetString(), StringComparison.Ordinal);

        Answer("GET /api/v1/workflows/ops/db-backup-x7k2p", "argo/running.json");
        Assert.Equal(ExternalState.Running, (await argo.GetAsync(target, "db-backup-x7k2p", default)).State);

        Answer("GET /api/v1/workflows/ops/db-backup-x7k2p", "argo/succeeded.json");
        var succeeded = await argo.GetAsync(target, "db-backup-x7k2p", default);
        Assert.Equal(ExternalState.Succeeded, succeeded.State);
        Assert.Equal("s3://backups/db1/2026-11-22.dump", succeeded.Result!.Value.GetProperty("parameters")[0].GetProperty("value").GetString());

        Answer("GET /api/v1/workflows/ops/db-backup-x7k2p", "argo/failed.json");
        var failed = await argo.GetAsync(target, "db-backup-x7k2p", default);
        Assert.Equal(ExternalState.Failed, failed.State);
        Assert.Contains("failed", failed.Error, StringComparison.Ordinal);

        Answer("PUT /api/v1/workflows/ops/db-backup-x7k2p/terminate", "argo/failed.json");
        await argo.CancelAsync(target, "db-backup-x7k2p", default);
        Assert.Contains("\"name\":\"db-backup-x7k2p\"", _server.To("PUT", "/api/v1/workflows/ops/db-backup-x7k2p/terminate").Single().Body,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_engine_uses_the_configured_paths_and_reads_the_contract()
    {
        _answers["POST /v2/start/nightly"] = () => Results.Json(new { id = "r-9", status = "running", url = "https://engine/r-9" });
        _answers["GET /v2/status/r-9"] = () => Results.Json(new { id = "r-9", status = "succeeded", result = new { rows = 12 } });
        var engine = new HttpEngineAdapter(_http);
        var target = Target("""{"start_path":"/v2/start/{workflow}","status_path":"/v2/status/{id}"}""");

        var started = await engine.StartAsync(target, Request("nightly"), default);
        Assert.Equal(("r-9", ExternalState.Running, "https://engine/r-9"), (started.ExternalId, started.State, started.Url));
        var body = JsonDocument.Parse(_server.To("POST", "/v2/start/nightly").Single().Body).RootElement;
        Assert.Equal(ItemExecutionId, body.GetProperty("item_execution_id").GetGuid());
        Assert.Equal("db1", body.GetProperty("payload").GetProperty("host").GetString());

        var done = await engine.GetAsync(target, "r-9", default);
        Assert.Equal(12, done.Result!.Value.GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task Engine_errors_say_whether_a_retry_can_help()
    {
        _answers["GET /runs/busy"] = () => Results.StatusCode(503);
        _answers["GET /runs/gone"] = () => Results.NotFound();
        _answers["GET /runs/odd"] = () => Results.Json(new { id = "odd", status = "exploded" });
        var engine = new HttpEngineAdapter(_http);

        Assert.True((await Assert.ThrowsAsync<EngineException>(() => engine.GetAsync(Target(), "busy", default))).Retryable);
        var gone = await Assert.ThrowsAsync<EngineException>(() => engine.GetAsync(Target(), "gone", default));
        Assert.False(gone.Retryable);
        Assert.Contains("404", gone.Message, StringComparison.Ordinal);
        Assert.False((await Assert.ThrowsAsync<EngineException>(() => engine.GetAsync(Target(), "odd", default))).Retryable);
        var closed = new EngineTarget(new Uri("http://127.0.0.1:9"), Parse("{}"));
        Assert.True((await Assert.ThrowsAsync<EngineException>(() => engine.GetAsync(closed, "x", default))).Retryable);
    }
}
