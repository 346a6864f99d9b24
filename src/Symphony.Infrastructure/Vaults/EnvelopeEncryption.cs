using System.Security.Cryptography;
using System.Text;
using Symphony.Application.Vaults;
using Symphony.Domain.Common;

namespace Symphony.Infrastructure.Vaults;

/// <summary>
/// AES-256-GCM envelope encryption (<see cref="ISecretProtector"/>). Stored forms are nonce (12 bytes),
/// ciphertext and tag (16 bytes). The secret is bound to the row's associated data; the wrapped data key is bound
/// to it and to the master key's id.
/// </summary>
public sealed class EnvelopeEncryption(MasterKeyRing keys) : ISecretProtector
{
    private const int NonceLength = 12;
    private const int TagLength = 16;

    public string ActiveKeyId => keys.ActiveKeyId;

    public ProtectedSecret Protect(string secret, string associatedData)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        try
        {
            var ciphertext = Seal(dataKey, Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(associatedData));
            return new ProtectedSecret(keys.ActiveKeyId, Seal(keys.Active, dataKey, KeyAssociatedData(associatedData, keys.ActiveKeyId)), ciphertext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public string Unprotect(ProtectedSecret secret, string associatedData)
    {
        var dataKey = UnwrapKey(secret, associatedData);
        try
        {
            return Encoding.UTF8.GetString(Open(dataKey, secret.Ciphertext, Encoding.UTF8.GetBytes(associatedData)));
        }
        catch (CryptographicException)
        {
            throw Unreadable("the secret was altered or belongs to another row");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public ProtectedSecret Rewrap(ProtectedSecret secret, string associatedData)
    {
        if (secret.KeyId == keys.ActiveKeyId) return secret;
        var dataKey = UnwrapKey(secret, associatedData);
        try
        {
            return secret with { KeyId = keys.ActiveKeyId, WrappedKey = Seal(keys.Active, dataKey, KeyAssociatedData(associatedData, keys.ActiveKeyId)) };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private byte[] UnwrapKey(ProtectedSecret secret, string associatedData)
    {
        var master = keys.Find(secret.KeyId) ?? throw Unreadable($"master key '{secret.KeyId}' is not configured on this node");
        try
        {
            return Open(master, secret.WrappedKey, KeyAssociatedData(associatedData, secret.KeyId));
        }
        catch (CryptographicException)
        {
            throw Unreadable("the wrapped data key was altered or belongs to another row");
        }
    }

    private static byte[] KeyAssociatedData(string associatedData, string keyId) => Encoding.UTF8.GetBytes($"{associatedData}:key:{keyId}");

    private static byte[] Seal(byte[] key, byte[] plaintext, byte[] associatedData)
    {
        var sealedBytes = new byte[NonceLength + plaintext.Length + TagLength];
        var nonce = sealedBytes.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagLength);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceLength, plaintext.Length), sealedBytes.AsSpan(NonceLength + plaintext.Length), associatedData);
        return sealedBytes;
    }

    private static byte[] Open(byte[] key, byte[] sealedBytes, byte[] associatedData)
    {
        if (sealedBytes.Length < NonceLength + TagLength) throw new CryptographicException("too short");
        var length = sealedBytes.Length - NonceLength - TagLength;
        var plaintext = new byte[length];
        using var aes = new AesGcm(key, TagLength);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceLength), sealedBytes.AsSpan(NonceLength, length), sealedBytes.AsSpan(NonceLength + length), plaintext, associatedData);
        return plaintext;
    }

    private static DomainException Unreadable(string why) => new(MessageCodes.SecretUnreadable, $"The secret cannot be decrypted: {why}.");
}
