namespace Symphony.Application.Orchestration;

/// <summary>A failure talking to an engine: its message names the engine call and what came back.</summary>
public sealed class EngineException(string message, bool retryable = true) : Exception(message)
{
    public bool Retryable { get; } = retryable;
}
