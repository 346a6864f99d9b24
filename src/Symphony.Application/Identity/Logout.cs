using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;

namespace Symphony.Application.Identity;

/// <summary>Revokes the caller's session: its cookie, access tokens and refresh tokens stop working on every node.</summary>
public sealed class LogoutHandler(IApplicationDbContext db, ICurrentUser caller, AuditLog audit, TimeProvider clock)
{
    public async Task HandleAsync(CancellationToken ct)
    {
        // A token is not a sign-in: a script's habitual logout must not destroy it. It is revoked as a token.
        if (caller.Token is not null)
            throw new DomainException(MessageCodes.PermissionDenied, "A personal access token is not a sign-in: revoke the token instead of signing out.");
        if (caller.SessionId is not { } sessionId) return;
        var session = await db.AuthSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || session.RevokedAt is not null) return;
        session.Revoke(clock.GetUtcNow().UtcDateTime, "logout");
        audit.Record(AuditActions.Logout, "session", session.Id);
        await db.SaveChangesAsync(ct);
    }
}
