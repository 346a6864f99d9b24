using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Audit;
using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

/// <summary>Issuing a token, for a person's own tokens and a service account's alike.</summary>
public static class ApiTokens
{
    /// <summary>
    /// Adds the token, its session and the audit entry (the caller saves them); answers the token, which appears
    /// nowhere else: only its SHA-256 and its first 12 characters are kept.
    /// </summary>
    public static NewApiTokenDto Issue(
        IApplicationDbContext db, ICurrentUser caller, AuditLog audit, Guid userId, string name, int days, TokenRole role, IReadOnlyList<Guid>? workspaces,
        DateTime now, Guid? workspaceId = null)
    {
        var expiresAt = now.AddDays(days);
        var secret = ApiToken.Prefix + RefreshTokens.Create();
        var session = new AuthSession
        {
            UserId = userId, Kind = AuthSessionKind.Token, ExpiresAt = expiresAt, IpAddress = caller.IpAddress,
            UserAgent = caller.UserAgent is { Length: > 300 } agent ? agent[..300] : caller.UserAgent,
        };
        var token = new ApiToken
        {
            SessionId = session.Id, UserId = userId, Name = name.Trim(), TokenHash = RefreshTokens.HashOf(secret), Hint = secret[..12],
            Role = role, WorkspaceIds = workspaces is null ? null : string.Join(',', workspaces), ExpiresAt = expiresAt,
        };
        db.AuthSessions.Add(session);
        db.ApiTokens.Add(token);
        audit.Record(AuditActions.TokenCreated, "api_token", token.Id, workspaceId, new
        {
            name = token.Name, user_id = userId, role = role.ToString().ToLowerInvariant(), expires_at = expiresAt, workspaces,
        });
        return new NewApiTokenDto(secret, token.Id, token.Name, token.Hint, role, workspaces, expiresAt, now);
    }

    /// <summary>
    /// Revokes the token's session (every node refuses it from its next request) and records it; a revoked token is
    /// left as it is. The caller saves.
    /// </summary>
    public static async Task RevokeAsync(IApplicationDbContext db, AuditLog audit, ApiToken token, DateTime now, Guid? workspaceId, CancellationToken ct)
    {
        var session = await db.AuthSessions.FirstAsync(s => s.Id == token.SessionId, ct);
        if (session.RevokedAt is not null) return;
        session.Revoke(now, "token_revoked");
        audit.Record(AuditActions.TokenRevoked, "api_token", token.Id, workspaceId, new { name = token.Name, user_id = token.UserId });
    }
}
