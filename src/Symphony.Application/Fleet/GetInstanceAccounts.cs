using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>An instance's accounts as its last accounts sync left them.</summary>
public sealed record InstanceAccountsDto(Guid InstanceId, DateTime SyncedAt, PagedResult<AccountDto> Accounts);

/// <summary>
/// The accounts of one instance, with the account list's filters and sorts. Before the instance's first accounts
/// sync there is nothing to show, which is 409 SNAPSHOT_MISSING rather than an empty list that reads as "no accounts".
/// </summary>
public sealed class GetInstanceAccountsHandler(IApplicationDbContext db, WorkspaceLookup instances)
{
    public async Task<InstanceAccountsDto> HandleAsync(string workspace, Guid instanceId, ListRequest request, CancellationToken ct)
    {
        var instance = await instances.FindAsync<Instance>(workspace, instanceId, Permission.ReadWorkspace, ct);
        if (instance.AccountsSyncedAt is not { } syncedAt)
            throw new DomainException(MessageCodes.SnapshotMissing,
                $"Instance '{instance.Name}' has not been synced yet: run sync-accounts on it to collect its accounts.");
        var page = await ListAccountsHandler.Definition.ToPageAsync(db.Accounts, request, a => a, ct,
            new Specification<Account>(a => a.InstanceId == instance.Id && a.WorkspaceId == instance.WorkspaceId));
        return new InstanceAccountsDto(instance.Id, syncedAt,
            new PagedResult<AccountDto>(page.Items.Select(AccountDto.From).ToList(), page.Total, page.Page, page.Pages, page.Limit));
    }
}
