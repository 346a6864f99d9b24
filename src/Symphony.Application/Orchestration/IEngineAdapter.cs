using Symphony.Schemas;

namespace Symphony.Application.Orchestration;

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
