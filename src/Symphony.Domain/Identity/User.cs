using Symphony.Domain.Access;
using Symphony.Domain.Common;

namespace Symphony.Domain.Identity;

/// <summary>A global identity with its profile, role and password hash. Failed sign-ins are counted apart (the sign-in throttle).</summary>
public sealed class User : VersionedEntity
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
    public DateTime? LastLoginAt { get; set; }
    /// <summary>
    /// Set for a workspace's service account: an identity for pipelines that belongs to that workspace alone, has no
    /// password (it cannot sign in) and acts only through the tokens its workspace's owners make for it.
    /// </summary>
    public Guid? ServiceWorkspaceId { get; set; }

    public bool IsServiceAccount => ServiceWorkspaceId is not null;

    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    /// <summary>An admin who can still act: enabled and not deleted. The last such user is protected.</summary>
    public bool IsEffectiveAdmin => Role == UserRole.Admin && IsActive && !IsDisabled;

    public void RecordSuccessfulLogin(DateTime now) => LastLoginAt = now;

    public void SetPassword(string hash, DateTime now)
    {
        PasswordHash = hash;
        PasswordChangedAt = now;
    }
}
