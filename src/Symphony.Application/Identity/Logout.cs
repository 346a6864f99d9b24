using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Audit;

namespace Symphony.Application.Identity;

/// <summary>Revokes the caller's session: its cookie, access tokens and refresh tokens stop working on every node.</summary>
public sealed class LogoutHandler(IApplicationDbContext db, ICurrentUser caller, AuditLog audit, TimeProvider clock)
{
    public async Task HandleAsync(CancellationToken ct)
    {
        if (caller.SessionId is not { } sessionId) return;
        var session = await db.AuthSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || session.RevokedAt is not null) return;
        session.Revoke(clock.GetUtcNow().UtcDateTime, "logout");
        audit.Record(AuditActions.Logout, "session", session.Id);
        await db.SaveChangesAsync(ct);
    }
}
