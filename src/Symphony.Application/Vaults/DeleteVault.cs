using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Vaults;

namespace Symphony.Application.Vaults;

public sealed class DeleteVaultHandler(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public async Task HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        db.Vaults.Remove(await lookup.FindAsync<Vault>(workspace, id, Permission.ManageWorkspace, ct));
        await db.SaveChangesAsync(ct);
    }
}
