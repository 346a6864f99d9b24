using System.Text.Json;

namespace Symphony.Application.Orchestration;

/// <summary>
/// A workflow to start: the engine's name for it (a Jenkins job, an Argo workflow template, an HTTP engine's
/// workflow), parameters, and the item it works on. Callback fields are set when the engine is to report back.
/// </summary>
public sealed record WorkflowRequest(
    string Workflow, JsonElement Parameters, JsonElement Payload, Guid RunId, Guid ItemExecutionId, Uri? CallbackUrl, string? CallbackToken);
