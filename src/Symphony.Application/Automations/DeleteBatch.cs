using Symphony.Application.Common;
using Symphony.Domain.Access;

namespace Symphony.Application.Automations;

public sealed class DeleteBatchHandler(IApplicationDbContext db, AutomationLookup lookup)
{
    public async Task HandleAsync(string workspace, Guid automationId, Guid batchId, CancellationToken ct)
    {
        var (automation, batch) = await lookup.BatchAsync(workspace, automationId, batchId, Permission.WriteWorkspace, ct);
        automation.EnsureBatchesEditable();
        db.Batches.Remove(batch);
        await db.SaveChangesAsync(ct);
    }
}
