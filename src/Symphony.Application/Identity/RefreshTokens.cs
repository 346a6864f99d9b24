using System.Security.Cryptography;
using Symphony.Application.Common;

namespace Symphony.Application.Identity;

/// <summary>Opaque refresh tokens: 256 random bits, stored only as their SHA-256.</summary>
public static class RefreshTokens
{
    public static string Create() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string HashOf(string token) => Sha256.Hex(token);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
