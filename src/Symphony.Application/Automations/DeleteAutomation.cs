using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;

namespace Symphony.Application.Automations;

/// <summary>Soft delete: the automation, its batches and items stay stored; its name becomes free.</summary>
public sealed class DeleteAutomationHandler(IApplicationDbContext db, AutomationLookup lookup, AuditLog audit)
{
    public async Task HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        var automation = await lookup.AutomationAsync(workspace, id, Permission.WriteWorkspace, ct);
        automation.EnsureNotBuiltIn("deleting it");
        db.Automations.Remove(automation);
        audit.Record(AuditActions.AutomationDeleted, "automation", automation.Id, automation.WorkspaceId, new { name = automation.Name });
        await db.SaveChangesAsync(ct);
    }
}
