using System.Text.Json;
using Symphony.Application.Fleet;
using Symphony.Application.Runs;
using Symphony.Domain.Automations;

namespace Symphony.Application.Capacity;

/// <summary>
/// Aggregates the instances in scope (all active ones by default). Without <c>from</c>, <c>to</c> and <c>force</c>,
/// the periods holding yesterday and today, as after a sync; with any of them, the periods holding the days from
/// <c>from</c> to <c>to</c> (today, and 30 days before it, by default); <c>force</c> recomputes finished periods.
/// </summary>
public sealed record AggregateCapacityCommand(
    string? From = null, string? To = null, bool? Force = null,
    IReadOnlyList<Guid>? InstanceIds = null, string? DbType = null, string? Environment = null, IReadOnlyList<string>? Tags = null)
{
    public FleetSyncCommand ToScope() => new(InstanceIds, DbType, Environment, Tags);
}

/// <summary>Starts a run of the workspace's built-in capacity aggregation, one item per instance in scope, the range in each item.</summary>
public sealed class AggregateCapacityHandler(StartFleetSyncHandler fleet, TimeProvider clock)
{
    public Task<RunDto> HandleAsync(string workspace, AggregateCapacityCommand command, string? idempotencyKey, CancellationToken ct)
    {
        Dictionary<string, object?>? options = null;
        if (command.From is not null || command.To is not null || command.Force is not null)
        {
            var range = DayRange.Parse(command.From, command.To, clock.GetUtcNow().UtcDateTime);
            options = new() { ["from"] = range.From, ["to"] = range.To, ["force"] = command.Force ?? false };
        }
        return fleet.HandleAsync(workspace, BuiltIns.CapacityAggregation, command.ToScope(), idempotencyKey, ct, options);
    }

    /// <summary>The range an item carries, checked as the API checks it (an automation's own items are written by its users); without one, the latest periods.</summary>
    public static AggregationScope ScopeOf(JsonElement payload, Guid workspaceId, Guid instanceId, DateTime now)
    {
        var latest = AggregationScope.Latest(workspaceId, instanceId, now);
        string? Text(string name) => payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (Text("from") is null && Text("to") is null) return latest;
        var range = DayRange.Parse(Text("from"), Text("to"), now);
        var force = payload.TryGetProperty("force", out var forced) && forced.ValueKind == JsonValueKind.True;
        return latest with { From = range.From, To = range.To, Force = force };
    }
}
