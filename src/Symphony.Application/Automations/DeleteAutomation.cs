using Symphony.Application.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Automations;

/// <summary>Soft delete: the automation, its batches and items stay stored; its name becomes free.</summary>
public sealed class DeleteAutomationHandler(IApplicationDbContext db, AutomationLookup lookup)
{
    public async Task HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        db.Automations.Remove(await lookup.AutomationAsync(workspace, id, Permission.WriteWorkspace, ct));
        await db.SaveChangesAsync(ct);
    }
}
