using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Automations;
using Symphony.Application.Vaults;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;

namespace Symphony.Application.Fleet;

/// <summary>
/// Handler kind "accounts_sync": each item's instance has its accounts read and written to the ledger in one
/// transaction, then classified by the workspace's rules.
/// </summary>
public sealed class AccountsSyncExecutor(
    IServiceScopeFactory scopes, DatabaseDrivers drivers, ISecretProtector protector, TimeProvider clock, IAccountsClassifier classifier)
    : InstanceItemExecutor(scopes, drivers, protector, clock)
{
    public override string Kind => HandlerKinds.AccountsSync;

    protected override void Remember(Domain.Fleet.Instance instance, string lastSync) => instance.LastAccountsSync = lastSync;

    protected override async Task<object> CollectAsync(InstanceWork work, ItemWork item, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var collected = await work.Driver.CollectAccountsAsync(work.Target, work.Credential, ConnectionLimits.Default, ct);
        var collectMs = watch.ElapsedMilliseconds;
        if (collected.Inconsistency() is { } inconsistency) throw new SyncDataException(inconsistency);
        Connected(work, collected.Server);
        work.Instance.AccountsSyncedAt = work.Now;
        var result = await AccountsLedger.SaveAsync(work.Db, work.Instance, collected, item.RunId, work.Now, ct);
        var saveMs = watch.ElapsedMilliseconds - collectMs;
        object classified;
        try
        {
            classified = (await classifier.ClassifyAsync(work.Db, work.Instance, item.RunId, work.Now, ct)).ToResult();
        }
        catch (DomainException e) when (e.Code == MessageCodes.RuleBudgetExceeded)
        {
            // The accounts are synced; only their classification failed, and says why.
            classified = new { error = $"{e.Code.Code}: {e.Message}" };
        }
        return new
        {
            instance_id = work.Instance.Id,
            instance = work.Instance.Name,
            accounts = collected.Accounts.Count,
            created = result.Created,
            refreshed = result.Refreshed,
            changed = result.Changed,
            reactivated = result.Reactivated,
            deactivated = result.Deactivated,
            skipped_databases = result.SkippedDatabases,
            collect_ms = collectMs,
            save_ms = saveMs,
            classified,
        };
    }
}
