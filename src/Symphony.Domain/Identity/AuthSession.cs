using Symphony.Domain.Common;

namespace Symphony.Domain.Identity;

/// <summary>
/// One sign-in: a console (web) session or an API login with its refresh-token family. Access tokens and cookies carry its id,
/// so revoking the session refuses all of them at once, on every node.
/// </summary>
public sealed class AuthSession : Entity
{
    public Guid UserId { get; set; }
    public AuthSessionKind Kind { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }

    public bool IsUsable(DateTime now) => RevokedAt is null && ExpiresAt > now;

    public void Revoke(DateTime now, string reason)
    {
        if (RevokedAt is not null) return;
        RevokedAt = now;
        RevokedReason = reason;
    }
}

public enum AuthSessionKind
{
    Api = 0,
    Web = 1,
    /// <summary>The session of a personal access token (<see cref="ApiToken"/>).</summary>
    Token = 2,
}

/// <summary>
/// An opaque refresh token of a session, stored only as a hash. Each one is used once: using it
/// issues its successor; presenting a used one again revokes the whole session (token family).
/// </summary>
public sealed class RefreshToken : Entity
{
    public Guid SessionId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
    public Guid? ReplacedById { get; set; }
}
