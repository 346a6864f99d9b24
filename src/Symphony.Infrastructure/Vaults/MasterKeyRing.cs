using System.Globalization;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Vaults;

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

    /// <summary>
    /// Creates a new key file, which becomes the active key: ids sort by creation time. The key folder is read before
    /// the server's services exist, so this reads the machine's time, as the file's own timestamps do.
    /// </summary>
    public static string AddKeyFile(string dataDirectory)
    {
        var id = "k" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        KeyFiles.LoadOrCreate(Path.Combine(KeyFolder(dataDirectory), id + ".key"), KeyLength);
        return id;
    }

    private static string KeyFolder(string dataDirectory) => Path.Combine(dataDirectory, "keys", "master");
}
