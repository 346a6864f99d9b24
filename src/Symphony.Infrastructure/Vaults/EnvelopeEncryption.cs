using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Symphony.Application.Vaults;
using Symphony.Domain.Common;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Vaults;

/// <summary>Where master keys come from: <c>Symphony:Secrets</c>.</summary>
public sealed class SecretsOptions
{
    public const string Section = "Symphony:Secrets";

    /// <summary>Master keys by id, base64 (32 bytes). Empty: key files in the data folder's keys/master.</summary>
    public Dictionary<string, string> MasterKeys { get; set; } = [];

    /// <summary>The key new secrets are wrapped with; required when <see cref="MasterKeys"/> is set.</summary>
    public string? ActiveKeyId { get; set; }
}

/// <summary>
/// The master keys this node knows, by id, and the active one. From configuration, or from key files
/// (<c>keys/master/&lt;id&gt;.key</c>, owner-readable only) of which the newest is active and the first is
/// created on first start.
/// </summary>
public sealed class MasterKeyRing
{
    public const int KeyLength = 32;
    private readonly Dictionary<string, byte[]> _keys;

    public MasterKeyRing(IReadOnlyDictionary<string, byte[]> keys, string activeKeyId)
    {
        if (!keys.ContainsKey(activeKeyId))
            throw new InvalidOperationException($"The active master key '{activeKeyId}' is not among the configured keys.");
        if (keys.Values.Any(k => k.Length != KeyLength))
            throw new InvalidOperationException($"Every master key must be {KeyLength} bytes (base64 of 32 random bytes).");
        _keys = new Dictionary<string, byte[]>(keys, StringComparer.Ordinal);
        ActiveKeyId = activeKeyId;
    }

    public string ActiveKeyId { get; }

    public byte[] Active => _keys[ActiveKeyId];

    public byte[]? Find(string keyId) => _keys.GetValueOrDefault(keyId);

    public static MasterKeyRing From(SecretsOptions options, string dataDirectory)
    {
        if (options.MasterKeys.Count > 0)
        {
            return new MasterKeyRing(options.MasterKeys.ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value)),
                options.ActiveKeyId ?? throw new InvalidOperationException("Symphony:Secrets:ActiveKeyId is required with Symphony:Secrets:MasterKeys."));
        }
        var folder = KeyFolder(dataDirectory);
        if (!Directory.Exists(folder) || Directory.GetFiles(folder, "*.key").Length == 0) AddKeyFile(dataDirectory);
        var files = Directory.GetFiles(folder, "*.key").Order(StringComparer.Ordinal).ToList();
        var keys = files.ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => KeyFiles.LoadOrCreate(f, KeyLength));
        return new MasterKeyRing(keys, Path.GetFileNameWithoutExtension(files[^1]));
    }

    /// <summary>Creates a new key file, which becomes the active key: ids sort by creation time.</summary>
    public static string AddKeyFile(string dataDirectory)
    {
        var id = "k" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        KeyFiles.LoadOrCreate(Path.Combine(KeyFolder(dataDirectory), id + ".key"), KeyLength);
        return id;
    }

    private static string KeyFolder(string dataDirectory) => Path.Combine(dataDirectory, "keys", "master");
}

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
