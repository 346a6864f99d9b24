using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Identity;

namespace Symphony.Application.Repos;

/// <summary>Soft delete: the row stays (visible with include_deleted=true) and its name becomes free.</summary>
public sealed class DeleteRepoHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public async Task HandleAsync(string reference, Guid id, CancellationToken ct)
    {
        var workspace = await access.RequireAsync(reference, Permission.WriteWorkspace, ct);
        db.Repos.Remove(await GetRepoHandler.FindAsync(db, workspace, id, ct));
        await db.SaveChangesAsync(ct);
    }
}
