using Symphony.Domain.Common;

namespace Symphony.Domain.Identity;

/// <summary>A global identity with its profile, role, password hash and lockout state.</summary>
public sealed class User : Aggregate
{
    public required string Username { get; set; }
    /// <summary>Lower-case form of <see cref="Username"/>; the unique key for sign-in.</summary>
    public string NormalizedUsername { get; set; } = "";
    public string? Email { get; set; }
    public string DisplayName { get; set; } = "";
    /// <summary>Free-form JSON object of console preferences (theme, default workspace).</summary>
    public string Preferences { get; set; } = "{}";
    public UserRole Role { get; set; } = UserRole.Viewer;
    public bool IsDisabled { get; set; }
    public string PasswordHash { get; set; } = "";
    public DateTime? PasswordChangedAt { get; set; }
    public int FailedLoginCount { get; set; }
    public DateTime? LockoutEndsAt { get; set; }
    public DateTime? LastLoginAt { get; set; }

    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    /// <summary>An admin who can still act: enabled and not deleted. The last such user is protected.</summary>
    public bool IsEffectiveAdmin => Role == UserRole.Admin && IsActive && !IsDisabled;

    public bool IsLockedOut(DateTime now) => LockoutEndsAt is { } end && end > now;

    public void RecordFailedLogin(DateTime now, LockoutPolicy policy)
    {
        FailedLoginCount++;
        if (FailedLoginCount >= policy.MaxFailedAttempts)
        {
            LockoutEndsAt = now + policy.LockoutDuration;
            FailedLoginCount = 0;
        }
    }

    public void RecordSuccessfulLogin(DateTime now)
    {
        FailedLoginCount = 0;
        LockoutEndsAt = null;
        LastLoginAt = now;
    }

    public void SetPassword(string hash, DateTime now)
    {
        PasswordHash = hash;
        PasswordChangedAt = now;
        FailedLoginCount = 0;
        LockoutEndsAt = null;
    }
}

public sealed record LockoutPolicy(int MaxFailedAttempts, TimeSpan LockoutDuration)
{
    public static LockoutPolicy Default { get; } = new(5, TimeSpan.FromMinutes(15));
}
