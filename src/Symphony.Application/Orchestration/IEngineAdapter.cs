using System.Text.Json;
using Symphony.Schemas;

namespace Symphony.Application.Orchestration;

/// <summary>Where an engine is and its type-specific settings.</summary>
public sealed record EngineTarget(Uri BaseUrl, JsonElement Config)
{
    /// <summary>A path (with its query) under the engine's base URL, which may itself have a path.</summary>
    public Uri Url(string path) => new(BaseUrl.AbsoluteUri.TrimEnd('/') + path);
}

/// <summary>
/// A workflow to start: the engine's name for it (a Jenkins job, an Argo workflow template, an HTTP engine's
/// workflow), parameters, and the item it works on. Callback fields are set when the engine is to report back.
/// </summary>
public sealed record WorkflowRequest(
    string Workflow, JsonElement Parameters, JsonElement Payload, Guid RunId, Guid ItemExecutionId, Uri? CallbackUrl, string? CallbackToken);

public enum ExternalState
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>What an engine says of one workflow. <see cref="ExternalId"/> may change once (a Jenkins queue item becomes a build).</summary>
public sealed record ExternalRun(string ExternalId, ExternalState State, string? Url = null, string? Error = null, JsonElement? Result = null)
{
    public bool IsFinished => State is ExternalState.Succeeded or ExternalState.Failed or ExternalState.Cancelled;
}

/// <summary>Starts, follows and stops workflows on one type of engine, over its documented API.</summary>
public interface IEngineAdapter
{
    string Type { get; }

    /// <summary>The JSON Schema of an engine's config for this type.</summary>
    JsonSchema ConfigSchema { get; }

    Task<ExternalRun> StartAsync(EngineTarget engine, WorkflowRequest request, CancellationToken ct);

    Task<ExternalRun> GetAsync(EngineTarget engine, string externalId, CancellationToken ct);

    Task CancelAsync(EngineTarget engine, string externalId, CancellationToken ct);
}

/// <summary>The adapters of this node by engine type.</summary>
public sealed class EngineAdapters(IEnumerable<IEngineAdapter> adapters)
{
    private readonly Dictionary<string, IEngineAdapter> _byType = adapters.ToDictionary(a => a.Type, StringComparer.Ordinal);

    public IEngineAdapter? Find(string type) => _byType.GetValueOrDefault(type);
}

/// <summary>A failure talking to an engine: its message names the engine call and what came back.</summary>
public sealed class EngineException(string message, bool retryable = true) : Exception(message)
{
    public bool Retryable { get; } = retryable;
}
