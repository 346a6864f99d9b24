using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Audit;
using Symphony.Domain.Identity;

namespace Symphony.Application.Orchestration;

/// <summary>Soft-deletes an engine; its instances and their links to runs stay as history.</summary>
public sealed class DeleteEngineHandler(IApplicationDbContext db, WorkspaceAccess access, AuditLog audit)
{
    public async Task HandleAsync(string reference, Guid id, CancellationToken ct)
    {
        var workspace = await access.RequireAsync(reference, Permission.WriteWorkspace, ct);
        var engine = await GetEngineHandler.FindAsync(db, workspace.Id, id, ct);
        db.Engines.Remove(engine);
        audit.Record(AuditActions.EngineDeleted, "engine", engine.Id, workspace.Id, new { name = engine.Name });
        await db.SaveChangesAsync(ct);
    }
}
