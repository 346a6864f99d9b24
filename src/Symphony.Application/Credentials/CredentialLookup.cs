using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Credentials;
using Symphony.Domain.Vaults;

namespace Symphony.Application.Credentials;

/// <summary>Finds a vault (through <see cref="WorkspaceLookup"/>) and the credentials in it: anything else is 404.</summary>
public sealed class CredentialLookup(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public Task<Vault> VaultAsync(string workspace, Guid vaultId, Permission permission, CancellationToken ct) =>
        lookup.FindAsync<Vault>(workspace, vaultId, permission, ct);

    public async Task<(Vault Vault, Credential Credential)> CredentialAsync(
        string workspace, Guid vaultId, Guid credentialId, Permission permission, CancellationToken ct)
    {
        var vault = await VaultAsync(workspace, vaultId, permission, ct);
        var credential = await db.Credentials.FirstOrDefaultAsync(c => c.Id == credentialId && c.VaultId == vault.Id, ct)
            ?? throw DomainException.NotFound($"Credential {credentialId}");
        return (vault, credential);
    }
}
