using System.Text.Json;

namespace Symphony.Application.Orchestration;

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
