using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>Soft-deletes an instance: it leaves lists and runs, and can be restored with its history.</summary>
public sealed class DeleteInstanceHandler(IApplicationDbContext db, WorkspaceLookup lookup, AuditLog audit)
{
    public async Task HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        var instance = await lookup.FindAsync<Instance>(workspace, id, Permission.WriteWorkspace, ct);
        db.Instances.Remove(instance);
        audit.Record(AuditActions.InstanceDeleted, "instance", instance.Id, instance.WorkspaceId, new { name = instance.Name });
        await db.SaveChangesAsync(ct);
    }
}
