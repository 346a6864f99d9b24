using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;
using Symphony.Domain.Credentials;
using Symphony.Domain.Vaults;
namespace Symphony.Application.Credentials;

/// <summary>Finds a vault and its credentials only through the workspace the caller may use: anything else is 404.</summary>
public sealed class CredentialLookup(IApplicationDbContext db, WorkspaceAccess access)
{
    public async Task<Vault> VaultAsync(string workspace, Guid vaultId, Permission permission, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, permission, ct);
        return await db.Vaults.FirstOrDefaultAsync(v => v.Id == vaultId && v.WorkspaceId == scope.Id, ct)
            ?? throw DomainException.NotFound($"Vault {vaultId}");
    }

    public async Task<(Vault Vault, Credential Credential)> CredentialAsync(
        string workspace, Guid vaultId, Guid credentialId, Permission permission, CancellationToken ct)
    {
        var vault = await VaultAsync(workspace, vaultId, permission, ct);
        var credential = await db.Credentials.FirstOrDefaultAsync(c => c.Id == credentialId && c.VaultId == vault.Id, ct)
            ?? throw DomainException.NotFound($"Credential {credentialId}");
        return (vault, credential);
    }
}
