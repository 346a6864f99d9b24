using Symphony.Application.Fleet;
using Symphony.Application.Runs;
using Symphony.Application.Workspaces;
using Symphony.Domain.Identity;
using Symphony.Domain.Runs;

namespace Symphony.Application.Capacity;

/// <summary>
/// Aggregates the instances in scope (all active ones by default) over the periods holding the days from
/// <c>from</c> to <c>to</c>, or yesterday's and today's when neither is given; <c>force</c> recomputes finished periods.
/// </summary>
public sealed record AggregateCapacityCommand(
    string? From = null, string? To = null, bool? Force = null,
    IReadOnlyList<Guid>? InstanceIds = null, string? DbType = null, string? Environment = null, IReadOnlyList<string>? Tags = null)
{
    public FleetSyncCommand ToScope() => new(InstanceIds, DbType, Environment, Tags);
}

/// <summary>Starts a run of the workspace's built-in capacity aggregation, one item per instance in scope.</summary>
public sealed class AggregateCapacityHandler(WorkspaceAccess access, StartFleetSyncHandler fleet, TimeProvider clock)
{
    public async Task<RunDto> HandleAsync(string workspace, AggregateCapacityCommand command, string? idempotencyKey, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        StartRunHandler.EnsureClientKeys(idempotencyKey);
        Dictionary<string, object?>? options = null;
        if (command.From is not null || command.To is not null || command.Force is not null)
        {
            var range = DayRange.Parse(command.From, command.To, clock.GetUtcNow().UtcDateTime);
            options = new() { ["from"] = range.From, ["to"] = range.To, ["force"] = command.Force ?? false };
        }
        return (await fleet.StartAsync(scope.Id, FleetSync.CapacityAggregation, command.ToScope(), new StartRunCommand(RunTrigger.Api), idempotencyKey, ct, options)).Run;
    }
}
