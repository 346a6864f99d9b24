using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>The change log of the workspace's accounts, newest first; filtered by account it is one account's history.</summary>
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
        .Sort("occurred_at", c => c.OccurredAt, isDefault: true, defaultOrder: SortOrder.Desc);

    public async Task<PagedResult<AccountChangeDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.AccountChanges, request, c => c, ct, new Specification<AccountChange>(c => c.WorkspaceId == scope.Id));
        return new PagedResult<AccountChangeDto>(page.Items.Select(AccountChangeDto.From).ToList(), page.Total, page.Page, page.Pages, page.Limit);
    }
}
