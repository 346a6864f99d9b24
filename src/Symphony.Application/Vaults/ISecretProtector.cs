namespace Symphony.Application.Vaults;

/// <summary>A secret as stored: the master key's id, the wrapped data key, and the ciphertext.</summary>
public sealed record ProtectedSecret(string KeyId, byte[] WrappedKey, byte[] Ciphertext);

/// <summary>
/// Envelope encryption of secrets at rest. Each secret gets its own data key; the data key is wrapped by the
/// active master key. Both layers are bound to the associated data, so neither moves to another row.
/// </summary>
public interface ISecretProtector
{
    string ActiveKeyId { get; }

    ProtectedSecret Protect(string secret, string associatedData);

    /// <summary>The secret, or a SECRET_UNREADABLE domain error when the key is unknown or anything was altered.</summary>
    string Unprotect(ProtectedSecret secret, string associatedData);

    /// <summary>The same data key wrapped by the active master key; the secret's ciphertext stays as it is.</summary>
    ProtectedSecret Rewrap(ProtectedSecret secret, string associatedData);
}
