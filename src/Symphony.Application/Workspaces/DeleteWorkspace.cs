using Symphony.Application.Common;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;
using Symphony.Domain.Workspaces;

namespace Symphony.Application.Workspaces;

/// <summary>Soft-deletes a workspace; its slug becomes free. The default workspace stays.</summary>
public sealed class DeleteWorkspaceHandler(IApplicationDbContext db, WorkspaceAccess access, AuditLog audit)
{
    public async Task HandleAsync(string reference, CancellationToken ct)
    {
        var workspace = await access.RequireAsync(reference, Permission.ManageWorkspace, ct);
        if (workspace.Slug == Workspace.DefaultSlug)
            throw new DomainException(MessageCodes.InvalidStateTransition, "The default workspace cannot be deleted.");
        db.Workspaces.Remove(workspace);
        audit.Record(AuditActions.WorkspaceDeleted, "workspace", workspace.Id, workspace.Id, new { slug = workspace.Slug });
        await db.SaveChangesAsync(ct);
    }
}
