using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Domain.Fleet;
using Symphony.Schemas;

namespace Symphony.Application.Fleet;

/// <summary>
/// Base of the executors whose items each name an instance and work from what the platform database holds of it
/// (auto-classify, capacity aggregation), with no connection to the server: it finds the instance in the run's
/// workspace, or fails the item at once.
/// </summary>
public abstract class LedgerItemExecutor(IServiceScopeFactory scopes) : IItemExecutor
{
    public abstract string Kind { get; }

    public JsonSchema? ConfigSchema { get; } = JsonSchema.Parse("""{ "type": "object", "additionalProperties": false }""");

    protected abstract Task<ItemOutcome> ExecuteAsync(IApplicationDbContext db, Instance instance, ItemWork work, CancellationToken ct);

    public async Task<ItemOutcome> ExecuteAsync(ItemWork work, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var (instance, missing) = await InstanceItemExecutor.InstanceOfAsync(db, work, ct);
        return instance is null ? missing! : await ExecuteAsync(db, instance, work, ct);
    }
}
