using Symphony.Application.Common;
using Symphony.Application.Credentials;
using Symphony.Application.Vaults;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>What it takes to reach an instance: its type's driver, its address, and its credential ready to use.</summary>
public sealed record InstanceTarget(IDatabaseDriver Driver, ConnectionTarget Target, UsableCredential Credential)
{
    /// <summary>
    /// Throws 422 UNSUPPORTED_DB_TYPE without a driver for the type, 400 without a credential, and the vault's
    /// refusals (409 VAULT_LOCKED, SECRET_UNREADABLE). <paramref name="database"/> replaces the instance's own.
    /// </summary>
    public static async Task<InstanceTarget> ResolveAsync(
        IApplicationDbContext db, DatabaseDrivers drivers, ISecretProtector protector, AuditLog audit, Instance instance, string? database, SecretUse use,
        CancellationToken ct)
    {
        var driver = drivers.Find(instance.DbType)
            ?? throw new DomainException(MessageCodes.UnsupportedDbType, $"No {instance.DbType} driver is available on this node.");
        if (instance.CredentialId is not { } credentialId)
            throw DomainException.Validation("credential_id", $"Instance '{instance.Name}' has no credential.");
        var credential = await CredentialSecrets.UseAsync(db, protector, audit, instance.WorkspaceId, credentialId, use, ct);
        return new InstanceTarget(driver, new ConnectionTarget(instance.DbType, instance.Host, instance.Port, database ?? instance.DatabaseName,
            instance.TlsMode, instance.AllowCleartextPassword), credential);
    }
}
