using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Repos;

namespace Symphony.Application.Repos;

/// <summary>Soft delete: the row stays (visible with include_deleted=true) and its name becomes free.</summary>
public sealed class DeleteRepoHandler(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public async Task HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        db.Repos.Remove(await lookup.FindAsync<Repo>(workspace, id, Permission.WriteWorkspace, ct));
        await db.SaveChangesAsync(ct);
    }
}
