using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Automations;
using Symphony.Application.Fleet;
using Symphony.Application.Vaults;
using Symphony.Domain.Automations;

namespace Symphony.Application.Capacity;

/// <summary>
/// Handler kind "capacity_sync": each item's instance has its databases listed and measured (one connection, one
/// query), then its latest periods aggregated (yesterday's and today's), so summaries never wait for 04:00.
/// </summary>
public sealed class CapacitySyncExecutor(
    IServiceScopeFactory scopes, DatabaseDrivers drivers, ISecretProtector protector, TimeProvider clock, ICapacityAggregator aggregator)
    : InstanceItemExecutor(scopes, drivers, protector, clock)
{
    public override string Kind => HandlerKinds.CapacitySync;

    protected override void Remember(Domain.Fleet.Instance instance, string lastSync) => instance.LastCapacitySync = lastSync;

    protected override async Task<object> CollectAsync(InstanceWork work, ItemWork item, CancellationToken ct)
    {
        var collected = await work.Driver.CollectCapacityAsync(work.Target, work.Credential, ConnectionLimits.Default, ct);
        Connected(work, collected.Server);
        var result = await CapacityLedger.SaveAsync(work.Db, work.Instance, collected, work.Now, ct);
        var aggregated = await aggregator.AggregateAsync(work.Db, AggregationScope.Latest(work.Instance.WorkspaceId, work.Instance.Id, work.Now), ct);
        return new
        {
            instance_id = work.Instance.Id,
            instance = work.Instance.Name,
            databases = result.Databases,
            added = result.Added,
            returned = result.Returned,
            gone = result.Gone,
            total_size_bytes = result.TotalSizeBytes,
            unmeasured_databases = result.Unmeasured,
            aggregated = aggregated.Written,
        };
    }
}
