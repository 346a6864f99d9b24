using Symphony.Application.Common;
using Symphony.Domain.Access;

namespace Symphony.Application.Automations;

public sealed class DeleteItemHandler(IApplicationDbContext db, AutomationLookup lookup)
{
    public async Task HandleAsync(string workspace, Guid automationId, Guid batchId, Guid itemId, CancellationToken ct)
    {
        var (automation, item) = await lookup.ItemAsync(workspace, automationId, batchId, itemId, Permission.WriteWorkspace, ct);
        automation.EnsureBatchesEditable();
        db.Items.Remove(item);
        await db.SaveChangesAsync(ct);
    }
}
