using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Credentials;

namespace Symphony.Application.Credentials;

public sealed class ListCredentialsHandler(IApplicationDbContext db, CredentialLookup lookup)
{
    public static ListDefinition<Credential> Definition { get; } = new ListDefinition<Credential>()
        .Filter("search", v =>
        {
            var term = FilterValues.Text(v).ToLowerInvariant();
            return new(c => c.Name.ToLower().Contains(term) || c.Username.ToLower().Contains(term));
        })
        .AllowIncludeDeleted()
        .Sort("name", c => c.Name, isDefault: true)
        .Sort("created_at", c => c.CreatedAt);

    public async Task<PagedResult<CredentialDto>> HandleAsync(string workspace, Guid vaultId, ListRequest request, CancellationToken ct)
    {
        var vault = await lookup.VaultAsync(workspace, vaultId, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.Credentials, request, c => c, ct, new Specification<Credential>(c => c.VaultId == vault.Id));
        return new PagedResult<CredentialDto>(await CredentialDto.LoadAsync(db, page.Items, ct), page.Total, page.Page, page.Pages, page.Limit);
    }
}
