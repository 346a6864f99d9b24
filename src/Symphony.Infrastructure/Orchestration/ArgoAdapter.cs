using System.Text.Json;
using Symphony.Application.Orchestration;
using Symphony.Domain.Orchestration;
using Symphony.Schemas;

namespace Symphony.Infrastructure.Orchestration;

/// <summary>
/// Argo Workflows over argo-server's REST API: a workflow is submitted from a WorkflowTemplate (the workflow
/// name), followed by its <c>status.phase</c>, and terminated on cancel. The external id is the workflow's name.
/// </summary>
public sealed class ArgoAdapter(EngineHttp http) : IEngineAdapter
{
    public string Type => EngineTypes.Argo;

    public JsonSchema ConfigSchema { get; } = JsonSchema.Parse("""
        {
          "type": "object",
          "required": ["namespace"],
          "additionalProperties": false,
          "properties": { "namespace": { "type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "maxLength": 63 } }
        }
        """);

    public async Task<ExternalRun> StartAsync(EngineTarget engine, WorkflowRequest request, CancellationToken ct)
    {
        var ns = Namespace(engine);
        var parameters = request.Parameters.ValueKind == JsonValueKind.Object
            ? request.Parameters.EnumerateObject()
                .Select(p => $"{p.Name}={(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())}").ToList()
            : [];
        var workflow = await http.JsonAsync(HttpMethod.Post, engine.Url($"/api/v1/workflows/{ns}/submit"), new
        {
            @namespace = ns,
            resourceKind = "WorkflowTemplate",
            resourceName = request.Workflow,
            submitOptions = new
            {
                parameters,
                labels = $"symphony.run-id={request.RunId},symphony.item-execution-id={request.ItemExecutionId}",
            },
        }, ct);
        return Read(engine, workflow);
    }

    public async Task<ExternalRun> GetAsync(EngineTarget engine, string externalId, CancellationToken ct) =>
        Read(engine, await http.JsonAsync(HttpMethod.Get, engine.Url($"/api/v1/workflows/{Namespace(engine)}/{Uri.EscapeDataString(externalId)}"), null, ct));

    public async Task CancelAsync(EngineTarget engine, string externalId, CancellationToken ct)
    {
        var ns = Namespace(engine);
        await http.JsonAsync(HttpMethod.Put, engine.Url($"/api/v1/workflows/{ns}/{Uri.EscapeDataString(externalId)}/terminate"),
            new { name = externalId, @namespace = ns }, ct);
    }

    private static ExternalRun Read(EngineTarget engine, JsonElement workflow)
    {
        var name = workflow.Property("metadata")?.String("name")
            ?? throw new EngineException("argo-server answered with a workflow that has no metadata.name.", retryable: false);
        var status = workflow.Property("status");
        var message = status?.String("message");
        var url = engine.Url($"/workflows/{Namespace(engine)}/{name}").AbsoluteUri;
        return status?.String("phase") switch
        {
            null or "" or "Pending" => new ExternalRun(name, ExternalState.Pending, url, message),
            "Running" => new ExternalRun(name, ExternalState.Running, url, message),
            "Succeeded" => new ExternalRun(name, ExternalState.Succeeded, url, Result: status?.Property("outputs")),
            "Failed" or "Error" => new ExternalRun(name, ExternalState.Failed, url, message ?? $"the workflow ended {status?.String("phase")}"),
            var phase => throw new EngineException($"argo-server reported an unknown phase \"{phase}\".", retryable: false),
        };
    }

    private static string Namespace(EngineTarget engine) => engine.Config.String("namespace")!;
}
