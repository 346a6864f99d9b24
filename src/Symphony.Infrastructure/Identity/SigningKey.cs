using Microsoft.IdentityModel.Tokens;
using Symphony.Application.Identity;

namespace Symphony.Infrastructure.Identity;

/// <summary>The HMAC key that signs access tokens: from configuration (needed when several nodes run) or a key file.</summary>
public sealed class SigningKey(SymmetricSecurityKey key)
{
    public SymmetricSecurityKey Key { get; } = key;

    public static SigningKey From(AuthOptions options, string dataDirectory)
    {
        var bytes = string.IsNullOrWhiteSpace(options.SigningKey)
            ? Common.KeyFiles.LoadOrCreate(Path.Combine(dataDirectory, "keys", "jwt-signing.key"), 32)
            : Convert.FromBase64String(options.SigningKey);
        if (bytes.Length < 32)
            throw new InvalidOperationException("Symphony:Auth:SigningKey must be at least 32 bytes (base64).");
        return new SigningKey(new SymmetricSecurityKey(bytes) { KeyId = "symphony-1" });
    }
}
