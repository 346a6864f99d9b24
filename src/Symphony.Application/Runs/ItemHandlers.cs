using System.Text.Json;
using Symphony.Domain.Automation;
using Symphony.Domain.Automation.Schemas;

namespace Symphony.Application.Runs;

/// <summary>What a handler gets for one attempt of one item.</summary>
public sealed record ItemWork(Guid ItemExecutionId, Guid RunId, int Attempt, int MaxAttempts, JsonElement Payload, JsonElement HandlerConfig);

/// <summary>
/// What a handler reports: success with an optional result, or failure with an error. A retryable failure is
/// retried while attempts remain; one that cannot succeed on retry (the target refused the item) fails at once.
/// </summary>
public sealed record HandlerOutcome(bool Succeeded, string? ResultJson, string? Error, bool Retryable = true)
{
    public static HandlerOutcome Success(string? resultJson = null) => new(true, resultJson, null);
    public static HandlerOutcome Failure(string error, bool retryable = true) => new(false, null, error, retryable);
}

/// <summary>Runs one item. The cancellation token fires when the run is cancelled or the node stops.</summary>
public interface IItemHandler
{
    string Kind { get; }

    /// <summary>The JSON Schema an automation's handler_config must match; none, any object.</summary>
    JsonSchema? ConfigSchema => null;

    /// <summary>Checks beyond the schema, made on a config that matches it (throws a <c>DomainException</c>).</summary>
    void CheckConfig(JsonElement config)
    {
    }

    Task<HandlerOutcome> ExecuteAsync(ItemWork work, CancellationToken ct);
}

/// <summary>Does nothing and succeeds: for measuring the engine itself.</summary>
public sealed class NoopHandler : IItemHandler
{
    public string Kind => HandlerKinds.Noop;

    public Task<HandlerOutcome> ExecuteAsync(ItemWork work, CancellationToken ct) => Task.FromResult(HandlerOutcome.Success());
}

/// <summary>
/// Returns the payload as the result. For tests and demonstrations, the payload may steer it:
/// <c>fail_until_attempt</c> (fail every attempt before that number), <c>always_fail</c>, and <c>sleep_ms</c>
/// (wait that long first, stopping early when the run is cancelled).
/// </summary>
public sealed class EchoHandler : IItemHandler
{
    public string Kind => HandlerKinds.Echo;

    public async Task<HandlerOutcome> ExecuteAsync(ItemWork work, CancellationToken ct)
    {
        var payload = work.Payload;
        if (payload.ValueKind == JsonValueKind.Object)
        {
            if (payload.TryGetProperty("sleep_ms", out var sleep) && sleep.TryGetInt32(out var ms) && ms > 0)
                await Task.Delay(Math.Min(ms, 600_000), ct);
            if (payload.TryGetProperty("always_fail", out var always) && always.ValueKind == JsonValueKind.True)
                return HandlerOutcome.Failure($"always_fail is set (attempt {work.Attempt})");
            if (payload.TryGetProperty("fail_until_attempt", out var until) && until.TryGetInt32(out var n) && work.Attempt < n)
                return HandlerOutcome.Failure($"fail_until_attempt is {n}; this was attempt {work.Attempt}");
        }
        return HandlerOutcome.Success(payload.GetRawText());
    }
}

/// <summary>The handlers of this node by kind.</summary>
public sealed class HandlerRegistry(IEnumerable<IItemHandler> handlers)
{
    private readonly Dictionary<string, IItemHandler> _byKind = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    public IItemHandler? Find(string kind) => _byKind.GetValueOrDefault(kind);

    /// <summary>Refuses a handler_config its handler cannot work with: 422 SCHEMA_VALIDATION_FAILED naming the paths, or the handler's own refusal.</summary>
    public void EnsureValidConfig(string kind, JsonElement config)
    {
        var handler = Find(kind);
        Automations.Payloads.EnsureMatches(handler?.ConfigSchema, config, "handler_config");
        handler?.CheckConfig(config);
    }
}
