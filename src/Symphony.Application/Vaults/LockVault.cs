using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Audit;
using Symphony.Domain.Identity;

namespace Symphony.Application.Vaults;

/// <summary>Locks or unlocks a vault. Owners only: a lock stops every credential of the vault from being used.</summary>
public sealed class LockVaultHandler(
    IApplicationDbContext db, WorkspaceAccess access, ICurrentUser caller, AuditLog audit, TimeProvider clock)
{
    public async Task<VaultDto> HandleAsync(string reference, Guid id, bool locked, CancellationToken ct)
    {
        var workspace = await access.RequireAsync(reference, Permission.ManageWorkspace, ct);
        var vault = await GetVaultHandler.FindAsync(db, workspace, id, ct);
        if (locked) vault.Lock(caller.UserId, clock.GetUtcNow().UtcDateTime);
        else vault.Unlock();
        audit.Record(locked ? AuditActions.VaultLocked : AuditActions.VaultUnlocked, "vault", vault.Id, workspace.Id,
            new { name = vault.Name });
        await db.SaveChangesAsync(ct);
        return VaultDto.From(vault);
    }
}
