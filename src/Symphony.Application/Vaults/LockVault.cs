using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Vaults;

namespace Symphony.Application.Vaults;

/// <summary>Locks or unlocks a vault. Owners only: a lock stops every credential of the vault from being used.</summary>
public sealed class LockVaultHandler(
    IApplicationDbContext db, WorkspaceAccess access, WorkspaceLookup lookup, ICurrentUser caller, AuditLog audit, TimeProvider clock)
{
    public async Task<VaultDto> HandleAsync(string workspace, Guid id, bool locked, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ManageWorkspace, ct);
        var vault = await lookup.FindInAsync<Vault>(scope.Id, id, ct);
        if (locked) vault.Lock(caller.UserId, clock.GetUtcNow().UtcDateTime);
        else vault.Unlock();
        audit.Record(locked ? AuditActions.VaultLocked : AuditActions.VaultUnlocked, "vault", vault.Id, scope.Id,
            new { name = vault.Name });
        await db.SaveChangesAsync(ct);
        return VaultDto.From(vault);
    }
}
