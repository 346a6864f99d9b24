using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Vaults;

namespace Symphony.Application.Vaults;

public sealed class ListVaultsHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public static ListDefinition<Vault> Definition { get; } = new ListDefinition<Vault>()
        .Filter("search", v =>
        {
            var term = FilterValues.Text(v).ToLowerInvariant();
            return new(x => x.Name.ToLower().Contains(term));
        })
        .Filter("is_locked", v =>
        {
            var locked = FilterValues.Bool(v);
            return new(x => x.IsLocked == locked);
        })
        .AllowIncludeDeleted()
        .Sort("name", x => x.Name, isDefault: true)
        .Sort("created_at", x => x.CreatedAt);

    public async Task<PagedResult<VaultDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        return await Definition.ToPageAsync(db.Vaults, request, VaultDto.Projection, ct,
            new Specification<Vault>(x => x.WorkspaceId == scope.Id));
    }
}
