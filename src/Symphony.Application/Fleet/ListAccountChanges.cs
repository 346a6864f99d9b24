using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>
/// The change log of the workspace's accounts, newest first: the workspace's "what changed" feed, filtered by
/// instance, instance tag, account, kind, time range and the account's highest classification risk; filtered by
/// account it is one account's history.
/// </summary>
public sealed class ListAccountChangesHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public static ListDefinition<AccountChange> Definition { get; } = new ListDefinition<AccountChange>()
        .Filter("account_id", v =>
        {
            var account = FilterValues.Id(v);
            return new(c => c.AccountId == account);
        })
        .Filter("instance_id", v =>
        {
            var instance = FilterValues.Id(v);
            return new(c => c.InstanceId == instance);
        })
        .Filter("kind", v =>
        {
            var kind = FilterValues.Enum<AccountChangeKind>(v);
            return new(c => c.Kind == kind);
        })
        .Filter("since", v =>
        {
            var since = FilterValues.Time(v);
            return new(c => c.OccurredAt >= since);
        })
        .Filter("until", v =>
        {
            var until = FilterValues.Time(v);
            return new(c => c.OccurredAt < until);
        })
        .Filter("tag", (v, db) =>
        {
            var code = FilterValues.Text(v, 100);
            return new(c => db.InstanceTags.Any(l => l.InstanceId == c.InstanceId && l.Tag!.Code == code));
        })
        .Filter("min_risk", (v, db) =>
        {
            var risky = ListAccountsHandler.ClassifiedAtLeast(db, ListAccountsHandler.MinRisk(v));
            return new(c => risky.Contains(c.AccountId));
        })
        .Sort("occurred_at", c => c.OccurredAt, isDefault: true, defaultOrder: SortOrder.Desc);

    public async Task<PagedResult<AccountChangeDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.AccountChanges, request, c => c, ct, new Specification<AccountChange>(c => c.WorkspaceId == scope.Id), db);
        return new PagedResult<AccountChangeDto>(page.Items.Select(AccountChangeDto.From).ToList(), page.Total, page.Page, page.Pages, page.Limit);
    }
}
