using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;

namespace Symphony.Application.Workspaces;

public sealed class RemoveMemberHandler(IApplicationDbContext db, WorkspaceAccess access, AuditLog audit)
{
    public async Task HandleAsync(string workspace, Guid userId, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ManageWorkspace, ct);
        var member = await db.WorkspaceMembers.FirstOrDefaultAsync(m => m.WorkspaceId == scope.Id && m.UserId == userId, ct)
            ?? throw DomainException.NotFound($"Member {userId}");
        db.WorkspaceMembers.Remove(member);
        audit.Record(AuditActions.MemberRemoved, "user", userId, scope.Id);
        await db.SaveChangesAsync(ct);
    }
}
