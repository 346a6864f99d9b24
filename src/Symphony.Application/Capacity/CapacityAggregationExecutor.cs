using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Domain.Automations;
using Symphony.Schemas;

namespace Symphony.Application.Capacity;

/// <summary>
/// Handler kind "capacity_aggregation": each item's instance has its daily sizes aggregated, by the platform
/// database alone (no connection to the server). Without <c>from</c> and <c>to</c> in the item (the manual action
/// sets them), yesterday's and today's periods.
/// </summary>
public sealed class CapacityAggregationExecutor(IServiceScopeFactory scopes, ICapacityAggregator aggregator, TimeProvider clock) : IItemExecutor
{
    public string Kind => HandlerKinds.CapacityAggregation;

    public JsonSchema? ConfigSchema { get; } = JsonSchema.Parse("""{ "type": "object", "additionalProperties": false }""");

    public async Task<ItemOutcome> ExecuteAsync(ItemWork work, CancellationToken ct)
    {
        if (!work.Payload.TryGetProperty("instance_id", out var idValue) || !idValue.TryGetGuid(out var instanceId))
            return ItemOutcome.Failure("The item names no instance_id.", retryable: false);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var instance = await InstanceItemExecutor.FindInstanceAsync(db, work, instanceId, ct);
        if (instance is null) return ItemOutcome.Failure($"Instance {instanceId} does not exist in the run's workspace or was deleted.", retryable: false);
        var now = clock.GetUtcNow().UtcDateTime;
        var range = AggregationScope.Latest(instance.WorkspaceId, instance.Id, now);
        if (Day(work.Payload, "from") is { } from && Day(work.Payload, "to") is { } to)
            range = range with { From = from, To = to, Force = work.Payload.TryGetProperty("force", out var force) && force.ValueKind == JsonValueKind.True };
        var result = await aggregator.AggregateAsync(db, range, ct);
        return ItemOutcome.Success(JsonSerializer.Serialize(new
        {
            instance_id = instance.Id,
            instance = instance.Name,
            from = range.From,
            to = range.To,
            force = range.Force,
            written = result.Written,
        }));
    }

    private static DateOnly? Day(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && DateOnly.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var day)
            ? day
            : null;
}
