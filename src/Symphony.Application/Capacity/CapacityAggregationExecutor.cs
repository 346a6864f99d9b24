using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Capacity;

/// <summary>
/// Handler kind "capacity_aggregation": each item's instance has its daily sizes aggregated, by the platform
/// database alone (no connection to the server). Without <c>from</c> and <c>to</c> in the item (the manual action
/// sets them), yesterday's and today's periods.
/// </summary>
public sealed class CapacityAggregationExecutor(IServiceScopeFactory scopes, ICapacityAggregator aggregator, TimeProvider clock) : LedgerItemExecutor(scopes)
{
    public override string Kind => HandlerKinds.CapacityAggregation;

    protected override async Task<ItemOutcome> ExecuteAsync(IApplicationDbContext db, Instance instance, ItemWork work, CancellationToken ct)
    {
        AggregationScope range;
        try
        {
            range = AggregateCapacityHandler.ScopeOf(work.Payload, instance.WorkspaceId, instance.Id, clock.GetUtcNow().UtcDateTime);
        }
        catch (DomainException e)
        {
            return ItemOutcome.Failure($"{e.Code.Code}: {e.Message}", retryable: false);
        }
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
}
