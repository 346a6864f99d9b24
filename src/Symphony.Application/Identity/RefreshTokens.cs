using System.Security.Cryptography;
using System.Text;

namespace Symphony.Application.Identity;

/// <summary>Opaque refresh tokens: 256 random bits, stored only as their SHA-256.</summary>
public static class RefreshTokens
{
    public static string Create() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
