using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>Brings a deleted instance back, unless an active one took its name meanwhile (409 NAME_EXISTS).</summary>
public sealed class RestoreInstanceHandler(IApplicationDbContext db, WorkspaceLookup lookup, TimeProvider clock, AuditLog audit)
{
    public async Task<InstanceDto> HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        var instance = await lookup.FindAsync<Instance>(workspace, id, Permission.WriteWorkspace, ct, includeDeleted: true);
        if (!instance.IsActive && await db.Instances.AnyAsync(i => i.WorkspaceId == instance.WorkspaceId && i.Name == instance.Name, ct))
            throw DomainException.NameExists("name", $"An active instance is already named '{instance.Name}'; rename it first.");
        instance.Restore();
        audit.Record(AuditActions.InstanceRestored, "instance", instance.Id, instance.WorkspaceId, InstanceRules.AuditDetails(instance));
        await db.SaveChangesAsync(ct);
        return await InstanceDto.LoadAsync(db, instance, clock.GetUtcNow().UtcDateTime, ct);
    }
}
