using System.Text.Json;
using Symphony.Domain.Automations;

namespace Symphony.Application.Automations;

/// <summary>
/// Returns the payload as the result. For tests and demonstrations, the payload may steer it:
/// <c>fail_until_attempt</c> (fail every attempt before that number), <c>always_fail</c>, <c>throw</c> (throw an
/// exception with that message, as an executor's bug would: TASK_EXECUTION_FAILED), and <c>sleep_ms</c> (wait that
/// long first, stopping early when the run is cancelled).
/// </summary>
public sealed class EchoExecutor : IItemExecutor
{
    public string Kind => HandlerKinds.Echo;

    public async Task<ItemOutcome> ExecuteAsync(ItemWork work, CancellationToken ct)
    {
        var payload = work.Payload;
        if (payload.ValueKind == JsonValueKind.Object)
        {
            if (payload.TryGetProperty("sleep_ms", out var sleep) && sleep.TryGetInt32(out var ms) && ms > 0)
                await Task.Delay(Math.Min(ms, 600_000), ct);
            if (payload.TryGetProperty("always_fail", out var always) && always.ValueKind == JsonValueKind.True)
                return ItemOutcome.Failure($"always_fail is set (attempt {work.Attempt})");
            if (payload.TryGetProperty("throw", out var thrown) && thrown.ValueKind == JsonValueKind.String)
                throw new InvalidOperationException(thrown.GetString());
            if (payload.TryGetProperty("fail_until_attempt", out var until) && until.TryGetInt32(out var n) && work.Attempt < n)
                return ItemOutcome.Failure($"fail_until_attempt is {n}; this was attempt {work.Attempt}");
        }
        return ItemOutcome.Success(payload.GetRawText());
    }
}
