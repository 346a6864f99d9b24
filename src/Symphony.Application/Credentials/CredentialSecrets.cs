using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Vaults;
using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Application.Credentials;

/// <summary>A credential's username and secret, for the one call that needs them. Never logged, never returned by the API.</summary>
public sealed record UsableCredential(string Username, string Secret)
{
    public override string ToString() => $"{Username} (secret hidden)";
}

/// <summary>Storing and using secrets: the only places plaintext exists.</summary>
public static class CredentialSecrets
{
    public static void Store(Credential credential, string secret, ISecretProtector protector, DateTime now)
    {
        var stored = protector.Protect(secret, credential.AssociatedData);
        (credential.KeyId, credential.WrappedKey, credential.SecretCiphertext, credential.SecretUpdatedAt) =
            (stored.KeyId, stored.WrappedKey, stored.Ciphertext, now);
    }

    /// <summary>
    /// The username and secret of a credential of the workspace, for connecting to a target. A locked vault's
    /// credentials cannot be used (409 VAULT_LOCKED); a secret that does not decrypt is 409 SECRET_UNREADABLE.
    /// </summary>
    public static async Task<UsableCredential> UseAsync(IApplicationDbContext db, ISecretProtector protector, Guid workspaceId, Guid credentialId, CancellationToken ct)
    {
        var credential = await db.Credentials.AsNoTracking().FirstOrDefaultAsync(c => c.Id == credentialId && c.WorkspaceId == workspaceId, ct)
            ?? throw DomainException.NotFound($"Credential {credentialId}");
        var vault = await db.Vaults.AsNoTracking().FirstOrDefaultAsync(v => v.Id == credential.VaultId, ct)
            ?? throw DomainException.NotFound($"Vault {credential.VaultId}");
        vault.EnsureUnlocked();
        var secret = protector.Unprotect(new ProtectedSecret(credential.KeyId, credential.WrappedKey, credential.SecretCiphertext), credential.AssociatedData);
        return new UsableCredential(credential.Username, secret);
    }
}
