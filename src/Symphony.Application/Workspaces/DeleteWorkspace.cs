using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Application.Workspaces;

/// <summary>Soft-deletes a workspace; its slug becomes free. The default workspace stays.</summary>
public sealed class DeleteWorkspaceHandler(IApplicationDbContext db, WorkspaceAccess access, AuditLog audit)
{
    public async Task HandleAsync(string workspace, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ManageWorkspace, ct);
        if (scope.Slug == Workspace.DefaultSlug)
            throw new DomainException(MessageCodes.InvalidStateTransition, "The default workspace cannot be deleted.");
        db.Workspaces.Remove(scope);
        audit.Record(AuditActions.WorkspaceDeleted, "workspace", scope.Id, scope.Id, new { slug = scope.Slug });
        await db.SaveChangesAsync(ct);
    }
}
