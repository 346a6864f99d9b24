using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Orchestration;

namespace Symphony.Application.Orchestration;

/// <summary>Soft-deletes an engine; its instances and their links to runs stay as history.</summary>
public sealed class DeleteEngineHandler(IApplicationDbContext db, WorkspaceAccess access, WorkspaceLookup lookup, AuditLog audit)
{
    public async Task HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        var engine = await lookup.FindInAsync<Engine>(scope.Id, id, ct);
        db.Engines.Remove(engine);
        audit.Record(AuditActions.EngineDeleted, "engine", engine.Id, scope.Id, new { name = engine.Name });
        await db.SaveChangesAsync(ct);
    }
}
