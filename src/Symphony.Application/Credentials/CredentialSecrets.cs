using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Vaults;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Credentials;

namespace Symphony.Application.Credentials;

/// <summary>A credential's username and secret, for the one call that needs them. Never logged, never returned by the API.</summary>
public sealed record UsableCredential(string Username, string Secret)
{
    public override string ToString() => $"{Username} (secret hidden)";
}

/// <summary>Why a secret is decrypted: a connection test, or an item of a run (with the instance it reaches).</summary>
public sealed record SecretUse(string Purpose, Guid? InstanceId = null, Guid? RunId = null, Guid? ItemExecutionId = null)
{
    public static SecretUse ConnectionTest(Guid? instanceId) => new("connection_test", instanceId);
    public static SecretUse TableRefresh(Guid instanceId) => new("table_refresh", instanceId);
    public static SecretUse RunItem(Guid instanceId, Guid runId, Guid itemExecutionId) => new("run_item", instanceId, runId, itemExecutionId);
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
    /// Every decryption adds a <c>credential.used</c> audit event naming its purpose, saved with the caller's changes.
    /// </summary>
    public static async Task<UsableCredential> UseAsync(
        IApplicationDbContext db, ISecretProtector protector, AuditLog audit, Guid workspaceId, Guid credentialId, SecretUse use, CancellationToken ct)
    {
        var credential = await db.Credentials.AsNoTracking().FirstOrDefaultAsync(c => c.Id == credentialId && c.WorkspaceId == workspaceId, ct)
            ?? throw DomainException.NotFound($"Credential {credentialId}");
        var vault = await db.Vaults.AsNoTracking().FirstOrDefaultAsync(v => v.Id == credential.VaultId, ct)
            ?? throw DomainException.NotFound($"Vault {credential.VaultId}");
        vault.EnsureUnlocked();
        var secret = protector.Unprotect(new ProtectedSecret(credential.KeyId, credential.WrappedKey, credential.SecretCiphertext), credential.AssociatedData);
        audit.Record(AuditActions.CredentialUsed, "credential", credential.Id, workspaceId, new
        {
            credential = credential.Name, purpose = use.Purpose, instance_id = use.InstanceId, run_id = use.RunId, item_execution_id = use.ItemExecutionId,
        });
        return new UsableCredential(credential.Username, secret);
    }
}
