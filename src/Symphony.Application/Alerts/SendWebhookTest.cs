using System.Text.Json;
using Microsoft.Extensions.Options;
using Symphony.Application.Common;
using Symphony.Application.Runs;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Alerts;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Runs;

namespace Symphony.Application.Alerts;

/// <summary>
/// Sends a <c>webhook.test</c> event to one webhook (owners), enabled or not, the way every event goes: a delivery
/// in a run of <c>builtin.webhooks</c>, signed, through the egress policy, retried; its delivery is the answer, and
/// the deliveries list says how it went and what the receiver answered.
/// </summary>
public sealed class SendWebhookTestHandler(
    IApplicationDbContext db, WorkspaceAccess access, WorkspaceLookup lookup, BuiltInRuns start, IOptions<AlertOptions> options, AuditLog audit,
    TimeProvider clock)
{
    public async Task<WebhookDeliveryDto> HandleAsync(string workspace, Guid webhookId, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ManageWorkspace, ct);
        var webhook = await lookup.FindInAsync<Webhook>(scope.Id, webhookId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var alert = new AlertEvent
        {
            WorkspaceId = scope.Id, Event = AlertEvents.Test, SourceKey = $"test:{Entity.NewId():D}", OccurredAt = now, DispatchedAt = now,
            Payload = JsonSerializer.Serialize(new { webhook_id = webhook.Id, webhook = webhook.Name, message = "A test event sent from Symphony." }),
        };
        db.AlertEvents.Add(alert);
        var runId = Entity.NewId();
        var delivery = new WebhookDelivery { WorkspaceId = scope.Id, WebhookId = webhook.Id, AlertEventId = alert.Id, Event = alert.Event, RunId = runId };
        var item = new BuiltInItem(JsonSerializer.Serialize(new { delivery_id = delivery.Id, webhook_id = webhook.Id, event_id = alert.Id, @event = alert.Event }));
        delivery.ItemId = item.Id;
        db.WebhookDeliveries.Add(delivery);
        audit.Record(AuditActions.WebhookTested, "webhook", webhook.Id, scope.Id, new { name = webhook.Name, origin = webhook.Origin, delivery = delivery.Id });
        // The event, its delivery, the audit record and the run with its item: one save.
        await start.StartAsync(scope.Id, AlertDispatch.WebhooksAutomation(options.Value), new StartRunCommand(RunTrigger.Api, "alerts:test"), null, ct,
            [item], runId);
        return new WebhookDeliveryDto(delivery.Id, alert.Id, alert.Event, runId, ExecutionStatus.Pending, 0, null, null, delivery.CreatedAt, null);
    }
}
