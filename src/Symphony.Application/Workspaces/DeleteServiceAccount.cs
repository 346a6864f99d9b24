using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;

namespace Symphony.Application.Workspaces;

/// <summary>Deletes a service account: its tokens are refused on every node from their next request, and its membership goes.</summary>
public sealed class DeleteServiceAccountHandler(IApplicationDbContext db, ICurrentUser caller, WorkspaceAccess access, AuditLog audit, TimeProvider clock)
{
    public async Task HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ManageWorkspace, ct);
        caller.DemandSignedInPerson("delete service accounts");
        var (account, _) = await ServiceAccounts.FindAsync(db, scope, id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var session in await db.AuthSessions.Where(s => s.UserId == id && s.RevokedAt == null).ToListAsync(ct))
            session.Revoke(now, "user_deleted");
        db.WorkspaceMembers.RemoveRange(await db.WorkspaceMembers.Where(m => m.UserId == id).ToListAsync(ct));
        db.Users.Remove(account);
        audit.Record(AuditActions.ServiceAccountDeleted, "user", id, scope.Id, new { username = account.Username });
        await db.SaveChangesAsync(ct);
    }
}
