using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;

namespace Symphony.Application.Automations;

/// <summary>Finds an automation (through <see cref="WorkspaceLookup"/>) and the batches and items below it: anything else is 404.</summary>
public sealed class AutomationLookup(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public Task<Automation> AutomationAsync(string workspace, Guid automationId, Permission permission, CancellationToken ct) =>
        lookup.FindAsync<Automation>(workspace, automationId, permission, ct);

    public async Task<(Automation Automation, Batch Batch)> BatchAsync(string workspace, Guid automationId, Guid batchId, Permission permission, CancellationToken ct)
    {
        var automation = await AutomationAsync(workspace, automationId, permission, ct);
        var batch = await db.Batches.FirstOrDefaultAsync(b => b.Id == batchId && b.AutomationId == automation.Id, ct)
            ?? throw DomainException.NotFound($"Batch {batchId}");
        return (automation, batch);
    }

    public async Task<(Automation Automation, Item Item)> ItemAsync(string workspace, Guid automationId, Guid batchId, Guid itemId, Permission permission, CancellationToken ct)
    {
        var (automation, batch) = await BatchAsync(workspace, automationId, batchId, permission, ct);
        var item = await db.Items.FirstOrDefaultAsync(i => i.Id == itemId && i.BatchId == batch.Id, ct)
            ?? throw DomainException.NotFound($"Item {itemId}");
        return (automation, item);
    }
}
