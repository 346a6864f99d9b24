using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Credentials;
using Symphony.Application.Vaults;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;
using Symphony.Schemas;

namespace Symphony.Application.Fleet;

/// <summary>What a fleet item executor has to work with: the instance, its driver and target, and its credential.</summary>
public sealed record InstanceWork(IApplicationDbContext Db, Instance Instance, IDatabaseDriver Driver, ConnectionTarget Target, UsableCredential Credential, DateTime Now);

/// <summary>
/// Base of the executors whose items each name an instance (accounts sync, capacity sync). It finds the instance,
/// its driver and credential, and records the connection's outcome on the instance. An unreachable or slow server
/// (or an open circuit) is retried by the engine; a refused credential, a locked vault, a type without a driver
/// or a deleted instance fail at once.
/// </summary>
public abstract class InstanceItemExecutor(IServiceScopeFactory scopes, DatabaseDrivers drivers, ISecretProtector protector, TimeProvider clock)
    : IItemExecutor
{
    public abstract string Kind { get; }

    public JsonSchema? ConfigSchema { get; } = JsonSchema.Parse("""{ "type": "object", "additionalProperties": false }""");

    /// <summary>
    /// Collects from the target, then saves; returns the item's result. A <see cref="DatabaseConnectionException"/>
    /// must come from the collection, before anything is changed.
    /// </summary>
    protected abstract Task<object> CollectAsync(InstanceWork work, ItemWork item, CancellationToken ct);

    /// <summary>Keeps what the sync did on the instance (its run, when, its item's result), saved with the item's last changes.</summary>
    protected abstract void Remember(Instance instance, string lastSync);

    public async Task<ItemOutcome> ExecuteAsync(ItemWork work, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var (instance, missing) = await InstanceOfAsync(db, work, ct);
        if (instance is null) return missing!;
        InstanceTarget reach;
        try
        {
            reach = await InstanceTarget.ResolveAsync(db, drivers, protector, scope.ServiceProvider.GetRequiredService<AuditLog>(), instance, null,
                SecretUse.RunItem(instance.Id, work.RunId, work.ItemExecutionId), ct);
            // The secret's use is on record before the target is reached, whatever happens next.
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException e)
        {
            return ItemOutcome.Failure($"{e.Code.Code}: {e.Message}", retryable: false);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        System.Diagnostics.Activity.Current?.SetTag("symphony.instance.id", instance.Id);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var result = System.Text.Json.JsonSerializer.Serialize(
                await CollectAsync(new InstanceWork(db, instance, reach.Driver, reach.Target, reach.Credential, now), work, ct));
            // The instance's page says what its last sync did, without searching the runs.
            Remember(instance, new System.Text.Json.Nodes.JsonObject
            {
                ["run_id"] = work.RunId, ["at"] = now, ["result"] = System.Text.Json.Nodes.JsonNode.Parse(result),
            }.ToJsonString());
            await db.SaveChangesAsync(ct);
            outcome = "completed";
            return ItemOutcome.Success(result);
        }
        catch (DatabaseConnectionException e)
        {
            // Thrown by the driver, before anything of the collection was changed.
            instance.RecordConnection(now, $"{e.Reason}: {e.Message}");
            await db.SaveChangesAsync(CancellationToken.None);
            var retryable = e.Reason is ConnectionFailureReasons.Unreachable or ConnectionFailureReasons.Timeout or ConnectionFailureReasons.CircuitOpen;
            return ItemOutcome.Failure($"{MessageCodes.DatabaseConnectionError.Code} ({e.Reason}): {e.Message}", retryable);
        }
        catch (SyncDataException e)
        {
            // Thrown before anything of the collection was changed; the next attempt reads the target again.
            return ItemOutcome.Failure($"{MessageCodes.SyncDataError.Code}: {e.Message}");
        }
        finally
        {
            Telemetry.SyncDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
                new("db.system.name", reach.Target.DbType), Telemetry.HandlerKind(Kind), new("symphony.outcome", outcome));
        }
    }

    /// <summary>The instance the item's <c>instance_id</c> names (<see cref="FindInstanceAsync"/>), or the item's failure when there is none.</summary>
    public static async Task<(Instance? Instance, ItemOutcome? Failure)> InstanceOfAsync(IApplicationDbContext db, ItemWork work, CancellationToken ct)
    {
        if (!work.Payload.TryGetProperty("instance_id", out var idValue) || !idValue.TryGetGuid(out var instanceId))
            return (null, ItemOutcome.Failure("The item names no instance_id.", retryable: false));
        var instance = await FindInstanceAsync(db, work, instanceId, ct);
        return instance is null
            ? (null, ItemOutcome.Failure($"Instance {instanceId} does not exist in the run's workspace or was deleted.", retryable: false))
            : (instance, null);
    }

    /// <summary>
    /// The active instance an item names, if it is of the item's run's workspace: an automation's payloads are
    /// written by its users, and must not reach another workspace's instances.
    /// </summary>
    public static Task<Instance?> FindInstanceAsync(IApplicationDbContext db, ItemWork work, Guid instanceId, CancellationToken ct) =>
        db.Instances.FirstOrDefaultAsync(i => i.Id == instanceId
            && i.WorkspaceId == db.Runs.Where(r => r.Id == work.RunId).Select(r => r.WorkspaceId).FirstOrDefault(), ct);

    /// <summary>Records a successful connection and what the server said of itself.</summary>
    protected static void Connected(InstanceWork work, ServerFacts server) =>
        work.Instance.RecordConnection(work.Now, null, server.Version, server.MajorVersion);
}
