using Symphony.Application.Alerts;

namespace Symphony.Server.Api;

/// <summary>Webhooks of a workspace and their deliveries. Owners manage them; members read them (never a secret).</summary>
public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder api)
    {
        var webhooks = api.MapGroup("/workspaces/{workspace}/webhooks").WithTags("Alerts").RequireAuthorization();
        webhooks.MapGet("/", (string workspace, HttpRequest request, ListWebhooksHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct));
        webhooks.MapPost("/", Create);
        webhooks.MapGet("/{id:guid}", Get);
        webhooks.MapPatch("/{id:guid}", Update);
        webhooks.MapDelete("/{id:guid}", Delete);
        webhooks.MapGet("/{id:guid}/deliveries", (string workspace, Guid id, HttpRequest request, ListWebhookDeliveriesHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, id, ApiConventions.ListRequestOf(request), ct));
        return api;
    }

    private static async Task<IResult> Create(string workspace, CreateWebhookCommand command, CreateWebhookHandler handler, CancellationToken ct)
    {
        var webhook = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/webhooks/{webhook.Id}", webhook);
    }

    private static async Task<IResult> Get(string workspace, Guid id, HttpContext http, GetWebhookHandler handler, CancellationToken ct)
    {
        var webhook = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(http, webhook, webhook.Version);
    }

    private static async Task<IResult> Update(string workspace, Guid id, UpdateWebhookCommand command, HttpContext http, UpdateWebhookHandler handler, CancellationToken ct)
    {
        var webhook = await handler.HandleAsync(workspace, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(http, webhook, webhook.Version);
    }

    private static async Task<IResult> Delete(string workspace, Guid id, DeleteWebhookHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, ct);
        return TypedResults.NoContent();
    }
}
