using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Classifications;

/// <summary>
/// Handler kind "auto_classify": each item's instance has its accounts classified by the workspace's current rules,
/// from the ledger (no connection to the server). An instance never synced fails at once with
/// PERMISSION_FACTS_MISSING: there is nothing to classify until an accounts sync has run.
/// </summary>
public sealed class AutoClassifyExecutor(IServiceScopeFactory scopes, IAccountsClassifier classifier, TimeProvider clock) : LedgerItemExecutor(scopes)
{
    public override string Kind => HandlerKinds.AutoClassify;

    protected override async Task<ItemOutcome> ExecuteAsync(IApplicationDbContext db, Instance instance, ItemWork work, CancellationToken ct)
    {
        if (instance.AccountsSyncedAt is null)
            return ItemOutcome.Failure($"{MessageCodes.PermissionFactsMissing.Code}: instance '{instance.Name}' has no accounts synced yet; run an accounts sync first.",
                retryable: false);
        AccountsClassified classified;
        try
        {
            classified = await classifier.ClassifyAsync(db, instance, work.RunId, clock.GetUtcNow().UtcDateTime, ct);
        }
        catch (DomainException e) when (e.Code == MessageCodes.RuleBudgetExceeded)
        {
            return ItemOutcome.Failure($"{e.Code.Code}: {e.Message}", retryable: false);
        }
        return ItemOutcome.Success(JsonSerializer.Serialize(new { instance_id = instance.Id, instance = instance.Name, classified = classified.ToResult() }));
    }
}
