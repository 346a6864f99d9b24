using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Identity;

namespace Symphony.Application.Orchestration;

/// <summary>Soft-deletes an engine; its instances and their links to runs stay as history.</summary>
public sealed class DeleteEngineHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public async Task HandleAsync(string reference, Guid id, CancellationToken ct)
    {
        var workspace = await access.RequireAsync(reference, Permission.WriteWorkspace, ct);
        db.Engines.Remove(await GetEngineHandler.FindAsync(db, workspace.Id, id, ct));
        await db.SaveChangesAsync(ct);
    }
}
