using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Common;
using Symphony.Application.Credentials;
using Symphony.Application.Fleet;
using Symphony.Application.Runs;
using Symphony.Application.Vaults;
using Symphony.Domain.Automation;
using Symphony.Domain.Automation.Schemas;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Infrastructure.Fleet;

/// <summary>
/// Handler kind "accounts_sync": each item names an instance; its accounts are read with the instance's
/// credential and written to the ledger in one transaction. An unreachable or slow server is retried; a refused
/// credential, a locked vault, a type without a driver or a deleted instance fail at once.
/// </summary>
public sealed class AccountsSyncHandler(IServiceScopeFactory scopes, DatabaseDrivers drivers, ISecretProtector protector, TimeProvider clock)
    : IItemHandler
{
    public string Kind => HandlerKinds.AccountsSync;

    public JsonSchema? ConfigSchema { get; } = JsonSchema.Parse("""{ "type": "object", "additionalProperties": false }""");

    public async Task<HandlerOutcome> ExecuteAsync(ItemWork work, CancellationToken ct)
    {
        if (!work.Payload.TryGetProperty("instance_id", out var idValue) || !idValue.TryGetGuid(out var instanceId))
            return HandlerOutcome.Failure("The item names no instance_id.", retryable: false);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is null) return HandlerOutcome.Failure($"Instance {instanceId} does not exist or was deleted.", retryable: false);
        if (drivers.Find(instance.DbType) is not { } driver)
            return HandlerOutcome.Failure($"{MessageCodes.UnsupportedDbType.Code}: no {instance.DbType} driver is available on this node.", retryable: false);
        if (instance.CredentialId is not { } credentialId)
            return HandlerOutcome.Failure($"Instance '{instance.Name}' has no credential.", retryable: false);

        UsableCredential credential;
        try
        {
            credential = await CredentialSecrets.UseAsync(db, protector, instance.WorkspaceId, credentialId, ct);
        }
        catch (DomainException e)
        {
            return HandlerOutcome.Failure($"{e.Code.Code}: {e.Message}", retryable: false);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var target = new ConnectionTarget(instance.DbType, instance.Host, instance.Port, instance.DatabaseName);
        CollectedAccounts collected;
        try
        {
            collected = await driver.CollectAccountsAsync(target, credential, ConnectionLimits.Default, ct);
        }
        catch (DatabaseConnectionException e)
        {
            (instance.LastCheckedAt, instance.LastConnectionState, instance.LastConnectionError) = (now, ConnectionState.Failed, $"{e.Reason}: {e.Message}");
            await db.SaveChangesAsync(CancellationToken.None);
            var retryable = e.Reason is ConnectionFailureReasons.Unreachable or ConnectionFailureReasons.Timeout or ConnectionFailureReasons.CircuitOpen;
            return HandlerOutcome.Failure($"{MessageCodes.DatabaseConnectionError.Code} ({e.Reason}): {e.Message}", retryable);
        }

        (instance.LastCheckedAt, instance.LastConnectedAt, instance.LastConnectionState, instance.LastConnectionError) = (now, now, ConnectionState.Ok, null);
        (instance.ServerVersion, instance.ServerMajorVersion) = (collected.Server.Version, collected.Server.MajorVersion);
        var result = await AccountsLedger.SaveAsync(db, instance, collected, work.RunId, now, ct);
        return HandlerOutcome.Success(JsonSerializer.Serialize(new
        {
            instance_id = instance.Id,
            instance = instance.Name,
            accounts = collected.Accounts.Count,
            created = result.Created,
            refreshed = result.Refreshed,
            changed = result.Changed,
            reactivated = result.Reactivated,
            deactivated = result.Deactivated,
            skipped_databases = result.SkippedDatabases,
        }));
    }
}
