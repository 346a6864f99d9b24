using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Identity;
using Symphony.Domain.Vaults;

namespace Symphony.Application.Vaults;

public sealed class DeleteVaultHandler(IApplicationDbContext db, WorkspaceAccess access, WorkspaceLookup lookup)
{
    public async Task HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ManageWorkspace, ct);
        db.Vaults.Remove(await lookup.FindInAsync<Vault>(scope.Id, id, ct));
        await db.SaveChangesAsync(ct);
    }
}
