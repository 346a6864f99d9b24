using Symphony.Application.Common;
using Symphony.Domain.Automation;
using Symphony.Domain.Identity;

namespace Symphony.Application.Automations;

public sealed class DeleteBatchHandler(IApplicationDbContext db, AutomationLookup lookup)
{
    public async Task HandleAsync(string workspace, Guid automationId, Guid batchId, CancellationToken ct)
    {
        db.Batches.Remove((await lookup.BatchAsync(workspace, automationId, batchId, Permission.WriteWorkspace, ct)).Batch);
        await db.SaveChangesAsync(ct);
    }
}
