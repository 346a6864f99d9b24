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
using Symphony.Domain.Automations;
using Symphony.Domain.Common;
using Symphony.Infrastructure.Http;
using Symphony.Schemas;

namespace Symphony.Infrastructure.Alerts;

/// <summary>
/// Handler kind "webhook" (built in): POSTs one alert event to one webhook through the egress policy, the body
/// signed with HMAC-SHA256 under the webhook's secret (<c>X-Symphony-Signature: sha256=&lt;hex&gt;</c>), the event
/// in <c>X-Symphony-Event</c> and the delivery (the item execution) in <c>X-Symphony-Delivery</c>, which stays the
/// same across retries. What the answer means is <see cref="OutboundPost"/>'s: 5xx, 408, 429 and network errors
/// are retried by the engine.
/// </summary>
public sealed class WebhookExecutor(IServiceScopeFactory scopes, HttpClient client, ISecretProtector protector) : IItemExecutor
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public string Kind => HandlerKinds.Webhook;

    public JsonSchema? ConfigSchema { get; } = JsonSchema.Parse("""{ "type": "object", "additionalProperties": false }""");

    public async Task<ItemOutcome> ExecuteAsync(ItemWork work, CancellationToken ct)
    {
        if (!work.Payload.TryGetProperty("webhook_id", out var w) || !w.TryGetGuid(out var webhookId)
            || !work.Payload.TryGetProperty("event_id", out var e) || !e.TryGetGuid(out var eventId))
            return ItemOutcome.Failure("The item names no webhook_id and event_id.", retryable: false);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var workspaceId = await db.Runs.Where(r => r.Id == work.RunId).Select(r => r.WorkspaceId).FirstOrDefaultAsync(ct);
        var webhook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(x => x.Id == webhookId && x.WorkspaceId == workspaceId, ct);
        var alert = await db.AlertEvents.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId && x.WorkspaceId == workspaceId, ct);
        if (webhook is null || alert is null) return ItemOutcome.Failure("The webhook or the event no longer exists in this workspace.", retryable: false);
        if (!webhook.IsEnabled) return ItemOutcome.Failure($"Webhook '{webhook.Name}' is disabled.", retryable: false);

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
        request.Headers.Add("X-Symphony-Delivery", work.ItemExecutionId.ToString());
        request.Headers.Add("X-Symphony-Signature", Signature(secret, body));
        return await OutboundPost.SendAsync(client, request, Timeout, ct);
    }

    /// <summary>What a receiver computes over the raw body with the shared secret, and compares in constant time.</summary>
    public static string Signature(string secret, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
