using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Alerts;

namespace Symphony.Application.Alerts;

/// <summary>A webhook's deliveries, newest first, each with the state of its item: pending, retrying, completed or failed.</summary>
public sealed class ListWebhookDeliveriesHandler(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public static ListDefinition<WebhookDelivery> Definition { get; } = new ListDefinition<WebhookDelivery>()
        .Filter("event", v =>
        {
            var name = FilterValues.Text(v, 50);
            return new(d => d.Event == name);
        })
        .Sort("created_at", d => d.CreatedAt, isDefault: true, defaultOrder: SortOrder.Desc);

    public async Task<PagedResult<WebhookDeliveryDto>> HandleAsync(string workspace, Guid webhookId, ListRequest request, CancellationToken ct)
    {
        var webhook = await lookup.FindAsync<Webhook>(workspace, webhookId, Permission.ReadWorkspace, ct, includeDeleted: true);
        var page = await Definition.ToPageAsync(db.WebhookDeliveries, request, d => d, ct, new Specification<WebhookDelivery>(d => d.WebhookId == webhook.Id));
        var items = page.Items.Select(d => d.ItemId).ToList();
        var executions = (await db.ItemExecutions.Where(e => items.Contains(e.ItemId))
                .Select(e => new { e.ItemId, e.RunId, e.Status, e.AttemptCount, e.Error, e.FinishedAt }).ToListAsync(ct))
            .ToLookup(e => e.ItemId);
        return new PagedResult<WebhookDeliveryDto>(page.Items.Select(d =>
        {
            var execution = executions[d.ItemId].OrderByDescending(e => e.RunId == d.RunId).FirstOrDefault();
            return new WebhookDeliveryDto(d.Id, d.AlertEventId, d.Event, d.RunId, execution?.Status, execution?.AttemptCount ?? 0, d.ResponseStatus,
                execution?.Error, d.CreatedAt, execution?.FinishedAt);
        }).ToList(), page.Total, page.Page, page.Pages, page.Limit);
    }
}
