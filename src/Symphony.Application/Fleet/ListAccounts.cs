using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>The account ledger of a workspace.</summary>
public sealed class ListAccountsHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public static ListDefinition<Account> Definition { get; } = new ListDefinition<Account>()
        .Filter("search", v =>
        {
            var term = FilterValues.Text(v).ToLowerInvariant();
            return new(a => a.Name.ToLower().Contains(term));
        })
        .Filter("instance_id", v =>
        {
            var instance = FilterValues.Id(v);
            return new(a => a.InstanceId == instance);
        })
        .Filter("superuser", v =>
        {
            var superuser = FilterValues.Bool(v);
            return new(a => a.IsSuperuser == superuser);
        })
        .Filter("locked", v =>
        {
            var locked = FilterValues.Bool(v);
            return new(a => a.IsLocked == locked);
        })
        .AllowIncludeDeleted()
        .Sort("name", a => a.Name, isDefault: true)
        .Sort("last_seen_at", a => a.LastSeenAt)
        .Sort("last_changed_at", a => a.LastChangedAt);

    public async Task<PagedResult<AccountDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.Accounts, request, a => a, ct, new Specification<Account>(a => a.WorkspaceId == scope.Id));
        return new PagedResult<AccountDto>(page.Items.Select(AccountDto.From).ToList(), page.Total, page.Page, page.Pages, page.Limit);
    }
}
