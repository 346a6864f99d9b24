using System.Security.Cryptography;
using System.Text;
using Symphony.Application.Identity;

namespace Symphony.Infrastructure.Identity;

/// <summary>
/// PBKDF2-HMAC-SHA512 with a 16-byte salt, stored as "pbkdf2-sha512$iterations$salt$hash".
/// Hashes made with fewer iterations still verify and are flagged for re-hashing.
/// </summary>
public sealed class Pbkdf2PasswordHasher(int iterations = Pbkdf2PasswordHasher.DefaultIterations) : IPasswordHasher
{
    /// <summary>OWASP's figure for PBKDF2-HMAC-SHA512.</summary>
    public const int DefaultIterations = 210_000;
    private const string Scheme = "pbkdf2-sha512";

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, 32);
        return $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public PasswordCheck Verify(string hash, string password)
    {
        var parts = hash.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var rounds) || rounds < 1)
            return PasswordCheck.Failed;
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return PasswordCheck.Failed;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, rounds, HashAlgorithmName.SHA512, expected.Length);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected)) return PasswordCheck.Failed;
        return rounds < iterations ? PasswordCheck.SuccessRehashNeeded : PasswordCheck.Success;
    }
}
