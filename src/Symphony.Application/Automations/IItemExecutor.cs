using System.Text.Json;
using Symphony.Schemas;

namespace Symphony.Application.Automations;

/// <summary>What an executor gets for one attempt of one item.</summary>
public sealed record ItemWork(Guid ItemExecutionId, Guid RunId, int Attempt, int MaxAttempts, JsonElement Payload, JsonElement HandlerConfig);

/// <summary>
/// What an executor reports: success with an optional result, or failure with an error. A retryable failure is
/// retried while attempts remain; one that cannot succeed on retry (the target refused the item) fails at once.
/// </summary>
public sealed record ItemOutcome(bool Succeeded, string? ResultJson, string? Error, bool Retryable = true)
{
    public static ItemOutcome Success(string? resultJson = null) => new(true, resultJson, null);
    public static ItemOutcome Failure(string error, bool retryable = true) => new(false, null, error, retryable);
}

/// <summary>
/// Executes one item of an automation whose <c>handler_kind</c> is <see cref="Kind"/> (the API keeps that field name;
/// in code, a "handler" is only a use case's). The cancellation token fires when the run is cancelled or the node stops.
/// </summary>
public interface IItemExecutor
{
    string Kind { get; }

    /// <summary>The JSON Schema an automation's handler_config must match; none, any object.</summary>
    JsonSchema? ConfigSchema => null;

    /// <summary>Checks beyond the schema, made on a config that matches it (throws a <c>DomainException</c>).</summary>
    void CheckConfig(JsonElement config)
    {
    }

    Task<ItemOutcome> ExecuteAsync(ItemWork work, CancellationToken ct);
}
