using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

/// <summary>Slow, salted password hashing.</summary>
public interface IPasswordHasher
{
    string Hash(string password);
    PasswordCheck Verify(string hash, string password);
}

public enum PasswordCheck { Failed, Success, SuccessRehashNeeded }

/// <summary>Signs short-lived access tokens that name the user and the session.</summary>
public interface IAccessTokenIssuer
{
    (string Token, DateTime ExpiresAt) Issue(User user, Guid sessionId);
}

public sealed class AuthOptions
{
    public const string Section = "Symphony:Auth";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan WebSessionLifetime { get; set; } = TimeSpan.FromHours(12);
    public int LoginAttemptsPerWindow { get; set; } = 10;
    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromSeconds(60);
    public int MaxFailedLogins { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>Base64 HMAC key for access tokens. Unset: a key file in the data directory is created and used.</summary>
    public string? SigningKey { get; set; }

    public LockoutPolicy Lockout => new(MaxFailedLogins, LockoutDuration);
}
