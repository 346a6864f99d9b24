using System.Text.Json;
using Symphony.Application.Orchestration;
using Symphony.Domain.Orchestration;
using Symphony.Schemas;

namespace Symphony.Infrastructure.Orchestration;

/// <summary>
/// Any service that speaks Symphony's HTTP workflow contract (docs/reference/http-engine.md): start with a POST,
/// read a run's status with a GET, cancel with a POST; it may also report back to the callback URL it is given.
/// </summary>
public sealed class HttpEngineAdapter(EngineHttp http) : IEngineAdapter
{
    public string Type => EngineTypes.Http;

    public JsonSchema ConfigSchema { get; } = JsonSchema.Parse("""
        {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "start_path": { "type": "string", "pattern": "^/", "maxLength": 500 },
            "status_path": { "type": "string", "pattern": "^/.*\\{id\\}", "maxLength": 500 },
            "cancel_path": { "type": "string", "pattern": "^/.*\\{id\\}", "maxLength": 500 }
          }
        }
        """);

    public async Task<ExternalRun> StartAsync(EngineTarget engine, WorkflowRequest request, CancellationToken ct)
    {
        var path = Path(engine, "start_path", "/workflows/{workflow}/runs").Replace("{workflow}", Uri.EscapeDataString(request.Workflow), StringComparison.Ordinal);
        var answer = await http.JsonAsync(HttpMethod.Post, engine.Url(path), new
        {
            workflow = request.Workflow,
            parameters = request.Parameters,
            payload = request.Payload,
            run_id = request.RunId,
            item_execution_id = request.ItemExecutionId,
            callback = request.CallbackUrl is null ? null : new { url = request.CallbackUrl, token = request.CallbackToken },
        }, ct);
        return Read(answer, "POST " + path);
    }

    public async Task<ExternalRun> GetAsync(EngineTarget engine, string externalId, CancellationToken ct)
    {
        var path = WithId(Path(engine, "status_path", "/runs/{id}"), externalId);
        return Read(await http.JsonAsync(HttpMethod.Get, engine.Url(path), null, ct), "GET " + path);
    }

    public async Task CancelAsync(EngineTarget engine, string externalId, CancellationToken ct)
    {
        var path = WithId(Path(engine, "cancel_path", "/runs/{id}/cancel"), externalId);
        (await http.SendAsync(HttpMethod.Post, engine.Url(path), null, ct)).Response.Dispose();
    }

    private static ExternalRun Read(JsonElement answer, string call)
    {
        var id = answer.String("id") ?? throw new EngineException($"{call}: the answer has no \"id\".", retryable: false);
        var state = answer.String("status") switch
        {
            "pending" => ExternalState.Pending,
            "running" => ExternalState.Running,
            "succeeded" => ExternalState.Succeeded,
            "failed" => ExternalState.Failed,
            "cancelled" => ExternalState.Cancelled,
            var other => throw new EngineException($"{call}: unknown status \"{other}\".", retryable: false),
        };
        return new ExternalRun(id, state, answer.String("url"), answer.String("error"), answer.Property("result"));
    }

    private static string Path(EngineTarget engine, string name, string fallback) => engine.Config.String(name) ?? fallback;

    private static string WithId(string path, string id) => path.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal);
}
