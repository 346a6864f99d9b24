using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Alerts;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Vaults;
using Symphony.Domain.Alerts;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;
using Symphony.Infrastructure.Http;
using Symphony.Schemas;

namespace Symphony.Infrastructure.Alerts;

/// <summary>
/// Handler kind "webhook" (built in): POSTs one alert event to one webhook through the egress policy, the body
/// signed with HMAC-SHA256 under the webhook's secret (<c>X-Symphony-Signature: sha256=&lt;hex&gt;</c>), the event
/// in <c>X-Symphony-Event</c> and the delivery's id (as the deliveries list shows it) in <c>X-Symphony-Delivery</c>,
/// the same across retries. Redirects are not followed: a 3xx answer fails the delivery. What the answer means is <see cref="OutboundPost"/>'s: 5xx, 408, 429 and network errors
/// are retried by the engine.
/// </summary>
public sealed class WebhookExecutor(IServiceScopeFactory scopes, EgressPolicy egress, ISecretProtector protector) : IItemExecutor
{
    /// <summary>Through the egress policy, and never following a redirect: a receiver answers itself or fails.</summary>
    private readonly HttpClient _client = EgressHttpClient.Create(egress, followRedirects: false);

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public string Kind => HandlerKinds.Webhook;

    public JsonSchema? ConfigSchema { get; } = JsonSchema.Parse("""{ "type": "object", "additionalProperties": false }""");

    public async Task<ItemOutcome> ExecuteAsync(ItemWork work, CancellationToken ct)
    {
        if (!work.Payload.TryGetProperty("delivery_id", out var d) || !d.TryGetGuid(out var deliveryId))
            return ItemOutcome.Failure("The item names no delivery_id.", retryable: false);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        // Only what the dispatcher recorded is sent: the delivery of this very item, in the run's workspace.
        var itemId = await db.ItemExecutions.Where(x => x.Id == work.ItemExecutionId).Select(x => x.ItemId).FirstOrDefaultAsync(ct);
        var workspaceId = await db.Runs.Where(r => r.Id == work.RunId).Select(r => r.WorkspaceId).FirstOrDefaultAsync(ct);
        var delivery = await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(x => x.Id == deliveryId && x.ItemId == itemId && x.WorkspaceId == workspaceId, ct);
        if (delivery is null) return ItemOutcome.Failure($"No delivery {deliveryId} was made for this item.", retryable: false);
        var webhook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(x => x.Id == delivery.WebhookId, ct);
        var alert = await db.AlertEvents.AsNoTracking().FirstOrDefaultAsync(x => x.Id == delivery.AlertEventId, ct);
        if (webhook is null || alert is null) return ItemOutcome.Failure("The webhook or the event no longer exists.", retryable: false);
        if (alert.Event != AlertEvents.Test && !webhook.Wants(alert)) return ItemOutcome.Failure($"Webhook '{webhook.Name}' is disabled or no longer takes {alert.Event}.", retryable: false);

        string secret;
        try
        {
            secret = WebhookRules.Secret(webhook, protector);
        }
        catch (DomainException x)
        {
            return ItemOutcome.Failure($"{x.Code.Code}: {x.Message}", retryable: false);
        }
        var body = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["id"] = alert.Id,
            ["event"] = alert.Event,
            ["occurred_at"] = alert.OccurredAt,
            ["workspace_id"] = alert.WorkspaceId,
            ["data"] = JsonNode.Parse(alert.Payload),
        }.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-Symphony-Event", alert.Event);
        request.Headers.Add("X-Symphony-Delivery", delivery.Id.ToString());
        request.Headers.Add("X-Symphony-Signature", Signature(secret, body));
        int? answer = null;
        var outcome = await OutboundPost.SendAsync(_client, request, webhook.Origin, Timeout, ct, status => answer = status);
        // What the receiver answered this attempt (none: null), for the deliveries list. It is sent by now: an answer
        // that cannot be recorded (the store out, the node stopping) must not make the delivery fail and go again.
        try
        {
            await db.WebhookDeliveries.Where(x => x.Id == delivery.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.ResponseStatus, answer), CancellationToken.None);
        }
        catch (Exception e) when (Persistence.DatabaseErrors.IsStoreUnavailable(e))
        {
            // The list shows the previous attempt's answer, or none.
        }
        return outcome;
    }

    /// <summary>What a receiver computes over the raw body with the shared secret, and compares in constant time.</summary>
    public static string Signature(string secret, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
