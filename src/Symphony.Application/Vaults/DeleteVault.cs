using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Identity;

namespace Symphony.Application.Vaults;

public sealed class DeleteVaultHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public async Task HandleAsync(string reference, Guid id, CancellationToken ct)
    {
        var workspace = await access.RequireAsync(reference, Permission.ManageWorkspace, ct);
        db.Vaults.Remove(await GetVaultHandler.FindAsync(db, workspace, id, ct));
        await db.SaveChangesAsync(ct);
    }
}
