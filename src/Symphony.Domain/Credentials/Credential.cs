using Symphony.Domain.Common;

namespace Symphony.Domain.Credentials;

/// <summary>
/// A username and secret in a vault, for reaching database instances and engines. The secret is stored only
/// encrypted (an envelope: the secret under its own data key, the data key wrapped by a master key named by
/// <see cref="KeyId"/>), both bound to this row; the API never returns it.
/// </summary>
public sealed class Credential : VersionedEntity
{
    public const int MaxPerVault = 500;
    public const int MaxSecretLength = 4096;

    public Guid WorkspaceId { get; set; }
    public Guid VaultId { get; set; }
    public required string Name { get; set; }
    public required string Username { get; set; }
    public string? Description { get; set; }
    /// <summary>The master key that wraps <see cref="WrappedKey"/>.</summary>
    public required string KeyId { get; set; }
    /// <summary>The secret's data key, encrypted with the master key (nonce, ciphertext and tag).</summary>
    public required byte[] WrappedKey { get; set; }
    /// <summary>The secret, encrypted with the data key (nonce, ciphertext and tag).</summary>
    public required byte[] SecretCiphertext { get; set; }
    public DateTime SecretUpdatedAt { get; set; }

    /// <summary>What the secret's encryption is bound to: a ciphertext moved to another row does not decrypt.</summary>
    public string AssociatedData => $"symphony:credential:{Id}";
}
