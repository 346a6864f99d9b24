using Symphony.Application.Automations;
using Symphony.Application.Common;

namespace Symphony.Server.Api;

/// <summary>The definition domain of the automation engine: automations, their batches and items.</summary>
public static class AutomationsApi
{
    private const string Root = "/workspaces/{workspace}/automations";

    public static RouteGroupBuilder MapAutomationsApi(this RouteGroupBuilder api)
    {
        var automations = api.MapGroup(Root).WithTags("Automations").RequireAuthorization();
        automations.MapGet("/", List);
        automations.MapPost("/", Create);
        automations.MapGet("/{id:guid}", Get);
        automations.MapPatch("/{id:guid}", Update);
        automations.MapDelete("/{id:guid}", Delete);

        var batches = automations.MapGroup("/{id:guid}/batches").WithTags("Batches");
        batches.MapGet("/", ListBatches);
        batches.MapPost("/", CreateBatch);
        batches.MapGet("/{batchId:guid}", GetBatch);
        batches.MapPatch("/{batchId:guid}", UpdateBatch);
        batches.MapDelete("/{batchId:guid}", DeleteBatch);

        var items = batches.MapGroup("/{batchId:guid}/items").WithTags("Items");
        items.MapGet("/", ListItems);
        items.MapPost("/", CreateItem);
        items.MapPost("/actions/bulk-create", BulkCreateItems);
        items.MapGet("/{itemId:guid}", GetItem);
        items.MapPatch("/{itemId:guid}", UpdateItem);
        items.MapDelete("/{itemId:guid}", DeleteItem);
        return api;
    }

    private static Task<PagedResult<AutomationDto>> List(string workspace, HttpRequest request, ListAutomationsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<IResult> Create(string workspace, CreateAutomationCommand command, CreateAutomationHandler handler, CancellationToken ct)
    {
        var automation = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/automations/{automation.Id}", automation);
    }

    private static async Task<IResult> Get(string workspace, Guid id, HttpContext http, GetAutomationHandler handler, CancellationToken ct)
    {
        var automation = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(http, automation, automation.Version);
    }

    private static async Task<IResult> Update(string workspace, Guid id, UpdateAutomationCommand command, HttpContext http, UpdateAutomationHandler handler, CancellationToken ct)
    {
        var automation = await handler.HandleAsync(workspace, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(http, automation, automation.Version);
    }

    private static async Task<IResult> Delete(string workspace, Guid id, DeleteAutomationHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, ct);
        return TypedResults.NoContent();
    }

    private static Task<PagedResult<BatchDto>> ListBatches(string workspace, Guid id, HttpRequest request, ListBatchesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, ApiConventions.ListRequestOf(request), ct);

    private static async Task<IResult> CreateBatch(string workspace, Guid id, CreateBatchCommand command, CreateBatchHandler handler, CancellationToken ct)
    {
        var batch = await handler.HandleAsync(workspace, id, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/automations/{id}/batches/{batch.Id}", batch);
    }

    private static async Task<IResult> GetBatch(string workspace, Guid id, Guid batchId, HttpContext http, GetBatchHandler handler, CancellationToken ct)
    {
        var batch = await handler.HandleAsync(workspace, id, batchId, ct);
        return ApiConventions.WithETag(http, batch, batch.Version);
    }

    private static async Task<IResult> UpdateBatch(string workspace, Guid id, Guid batchId, UpdateBatchCommand command, HttpContext http, UpdateBatchHandler handler, CancellationToken ct)
    {
        var batch = await handler.HandleAsync(workspace, id, batchId, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(http, batch, batch.Version);
    }

    private static async Task<IResult> DeleteBatch(string workspace, Guid id, Guid batchId, DeleteBatchHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, batchId, ct);
        return TypedResults.NoContent();
    }

    private static Task<PagedResult<ItemDto>> ListItems(string workspace, Guid id, Guid batchId, HttpRequest request, ListItemsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, batchId, ApiConventions.ListRequestOf(request), ct);

    private static async Task<IResult> CreateItem(string workspace, Guid id, Guid batchId, NewItem item, CreateItemsHandler handler, CancellationToken ct)
    {
        var created = await handler.HandleOneAsync(workspace, id, batchId, item, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/automations/{id}/batches/{batchId}/items/{created.Id}", created);
    }

    /// <summary>Up to 1,000 items at once, all or nothing.</summary>
    private static async Task<IResult> BulkCreateItems(string workspace, Guid id, Guid batchId, CreateItemsCommand command, CreateItemsHandler handler, CancellationToken ct) =>
        TypedResults.Created($"/api/v1/workspaces/{workspace}/automations/{id}/batches/{batchId}/items",
            new BulkCreatedItems(await handler.HandleAsync(workspace, id, batchId, command, ct)));

    private static async Task<IResult> GetItem(string workspace, Guid id, Guid batchId, Guid itemId, HttpContext http, GetItemHandler handler, CancellationToken ct)
    {
        var item = await handler.HandleAsync(workspace, id, batchId, itemId, ct);
        return ApiConventions.WithETag(http, item, item.Version);
    }

    private static async Task<IResult> UpdateItem(string workspace, Guid id, Guid batchId, Guid itemId, UpdateItemCommand command, HttpContext http, UpdateItemHandler handler, CancellationToken ct)
    {
        var item = await handler.HandleAsync(workspace, id, batchId, itemId, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(http, item, item.Version);
    }

    private static async Task<IResult> DeleteItem(string workspace, Guid id, Guid batchId, Guid itemId, DeleteItemHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, batchId, itemId, ct);
        return TypedResults.NoContent();
    }
}

public sealed record BulkCreatedItems(IReadOnlyList<ItemDto> Items);
