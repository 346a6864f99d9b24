using Microsoft.AspNetCore.Http.HttpResults;
using Symphony.Application.Alerts;

namespace Symphony.Server.Api;

/// <summary>Webhooks of a workspace and their deliveries. Owners manage them; members read them (never a secret).</summary>
public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder api)
    {
        var webhooks = api.MapGroup("/workspaces/{workspace}/webhooks").WithTags("Alerts").RequireAuthorization();
        webhooks.MapGet("/", (string workspace, HttpRequest request, ListWebhooksHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct))
            .Describe("listWebhooks", "List webhooks",
                "The workspace's webhooks; secrets are never shown.");
        webhooks.MapPost("/", Create)
            .Describe("createWebhook", "Create a webhook",
                "Workspace owners and admins only. Deliveries are signed with the secret (write-only) and sent through the egress policy.");
        webhooks.MapGet("/{id:guid}", Get)
            .Describe("getWebhook", "Get a webhook",
                "The webhook without its secret, with its version as ETag.");
        webhooks.MapPatch("/{id:guid}", Update)
            .Describe("updateWebhook", "Update a webhook",
                "Workspace owners and admins only. Send the version read (body or If-Match).");
        webhooks.MapDelete("/{id:guid}", Delete)
            .Describe("deleteWebhook", "Delete a webhook",
                "Owners only.");
        webhooks.MapGet("/{id:guid}/deliveries", (string workspace, Guid id, HttpRequest request, ListWebhookDeliveriesHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, id, ApiConventions.ListRequestOf(request), ct))
            .Describe("listWebhookDeliveries", "List a webhook's deliveries",
                "Each delivery with its event, attempts, status, the HTTP status the receiver answered (response_status) and last error.");
        webhooks.MapPost("/{id:guid}/actions/test", SendTest)
            .Describe("testWebhook", "Send a test event",
                "Owners only. Sends a webhook.test event to this webhook, enabled or not, as every event is sent (signed, through the egress policy, retried); answers 202 with the delivery, which the deliveries list follows.");
        return api;
    }

    private static async Task<Created<WebhookDto>> Create(string workspace, CreateWebhookCommand command, CreateWebhookHandler handler, CancellationToken ct)
    {
        var webhook = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/webhooks/{webhook.Id}", webhook);
    }

    private static async Task<VersionedOk<WebhookDto>> Get(string workspace, Guid id, GetWebhookHandler handler, CancellationToken ct)
    {
        var webhook = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(webhook, webhook.Version);
    }

    private static async Task<VersionedOk<WebhookDto>> Update(string workspace, Guid id, UpdateWebhookCommand command, HttpContext http, UpdateWebhookHandler handler, CancellationToken ct)
    {
        var webhook = await handler.HandleAsync(workspace, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(webhook, webhook.Version);
    }

    private static async Task<Accepted<WebhookDeliveryDto>> SendTest(string workspace, Guid id, SendWebhookTestHandler handler, CancellationToken ct) =>
        TypedResults.Accepted($"/api/v1/workspaces/{workspace}/webhooks/{id}/deliveries", await handler.HandleAsync(workspace, id, ct));

    private static async Task<NoContent> Delete(string workspace, Guid id, DeleteWebhookHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, ct);
        return TypedResults.NoContent();
    }
}
