using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;

namespace Symphony.Application.Identity;

/// <summary>
/// Soft-deletes a user, removes their memberships and revokes their sessions. The username is free
/// again at once: uniqueness holds among active users only.
/// </summary>
public sealed class DeleteUserHandler(IApplicationDbContext db, ICurrentUser caller, AuditLog audit, TimeProvider clock)
{
    public async Task HandleAsync(Guid id, CancellationToken ct)
    {
        caller.Demand(Permission.ManageUsers);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw DomainException.NotFound($"User {id}");
        await LastAdminGuard.EnsureAnotherAdminRemainsAsync(db, user, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var session in await db.AuthSessions.Where(s => s.UserId == id && s.RevokedAt == null).ToListAsync(ct))
            session.Revoke(now, "user_deleted");
        db.WorkspaceMembers.RemoveRange(await db.WorkspaceMembers.Where(m => m.UserId == id).ToListAsync(ct));
        db.Users.Remove(user);
        audit.Record(AuditActions.UserDeleted, "user", user.Id, details: new { username = user.Username });
        await db.SaveChangesAsync(ct);
    }
}
