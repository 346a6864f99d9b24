using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

/// <summary>
/// Signs the caller out of one of their sessions: it stops working on every node at once, as a sign-out does (the
/// current one too). Another person's session, or one already ended (signed out or expired), is not found.
/// </summary>
public sealed class RevokeMySessionHandler(IApplicationDbContext db, ICurrentUser caller, AuditLog audit, TimeProvider clock)
{
    public async Task HandleAsync(Guid id, CancellationToken ct)
    {
        caller.DemandSignedInPerson("sign out sessions");
        var userId = caller.RequireUserId();
        var now = clock.GetUtcNow().UtcDateTime;
        var session = await db.AuthSessions.FirstOrDefaultAsync(
                s => s.Id == id && s.UserId == userId && s.Kind != AuthSessionKind.Token && s.RevokedAt == null && s.ExpiresAt > now, ct)
            ?? throw DomainException.NotFound($"Session {id}");
        session.Revoke(now, "signed_out_by_owner");
        audit.Record(AuditActions.SessionRevoked, "session", session.Id);
        await db.SaveChangesAsync(ct);
    }
}
