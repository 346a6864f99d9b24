using Microsoft.AspNetCore.Http.HttpResults;
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
        automations.MapGet("/", List)
            .Describe("listAutomations", "List automations",
                "The workspace's automations.");
        automations.MapPost("/", Create)
            .Describe("createAutomation", "Create an automation",
                "An automation names a handler, its retry policy, concurrency and the JSON schemas its batches and items must meet.")
            .Example("""{"name": "fleet-check", "handler_kind": "echo", "max_attempts": 3, "retry_delay_seconds": 30, "max_concurrency": 8, "item_schema": {"type": "object", "required": ["host"]}}""");
        automations.MapGet("/{id:guid}", Get)
            .Describe("getAutomation", "Get an automation",
                "The automation with its version as ETag.");
        automations.MapPatch("/{id:guid}", Update)
            .Describe("updateAutomation", "Update an automation",
                "Send the version read (body or If-Match).");
        automations.MapDelete("/{id:guid}", Delete)
            .Describe("deleteAutomation", "Delete an automation",
                "Deletes the automation with its batches and items; its runs stay in the history.");

        var batches = automations.MapGroup("/{id:guid}/batches").WithTags("Batches");
        batches.MapGet("/", ListBatches)
            .Describe("listBatches", "List an automation's batches",
                "The automation's batches of items.");
        batches.MapPost("/", CreateBatch)
            .Describe("createBatch", "Create a batch",
                "The batch's payload must meet the automation's batch schema (422 SCHEMA_VALIDATION_FAILED).");
        batches.MapGet("/{batchId:guid}", GetBatch)
            .Describe("getBatch", "Get a batch",
                "The batch with its version as ETag.");
        batches.MapPatch("/{batchId:guid}", UpdateBatch)
            .Describe("updateBatch", "Update a batch",
                "Send the version read (body or If-Match).");
        batches.MapDelete("/{batchId:guid}", DeleteBatch)
            .Describe("deleteBatch", "Delete a batch",
                "Deletes the batch and its items.");

        var items = batches.MapGroup("/{batchId:guid}/items").WithTags("Items");
        items.MapGet("/", ListItems)
            .Describe("listItems", "List a batch's items",
                "The batch's items in sequence.");
        items.MapPost("/", CreateItem)
            .Describe("createItem", "Create an item",
                "The item's payload must meet the automation's item schema (422 SCHEMA_VALIDATION_FAILED).");
        items.MapPost("/actions/bulk-create", BulkCreateItems)
            .Describe("bulkCreateItems", "Create items in bulk",
                "Up to 1,000 items at once, all or nothing.")
            .Example("""{"items": [{"payload": {"host": "orders-db-1"}}, {"payload": {"host": "orders-db-2"}}]}""");
        items.MapGet("/{itemId:guid}", GetItem)
            .Describe("getItem", "Get an item",
                "The item with its version as ETag.");
        items.MapPatch("/{itemId:guid}", UpdateItem)
            .Describe("updateItem", "Update an item",
                "Send the version read (body or If-Match).");
        items.MapDelete("/{itemId:guid}", DeleteItem)
            .Describe("deleteItem", "Delete an item",
                "Removes the item from the batch; its past executions stay in the runs.");
        return api;
    }

    private static Task<PagedResult<AutomationDto>> List(string workspace, HttpRequest request, ListAutomationsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<Created<AutomationDto>> Create(string workspace, CreateAutomationCommand command, CreateAutomationHandler handler, CancellationToken ct)
    {
        var automation = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/automations/{automation.Id}", automation);
    }

    private static async Task<VersionedOk<AutomationDto>> Get(string workspace, Guid id, GetAutomationHandler handler, CancellationToken ct)
    {
        var automation = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(automation, automation.Version);
    }

    private static async Task<VersionedOk<AutomationDto>> Update(string workspace, Guid id, UpdateAutomationCommand command, HttpContext http, UpdateAutomationHandler handler, CancellationToken ct)
    {
        var automation = await handler.HandleAsync(workspace, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(automation, automation.Version);
    }

    private static async Task<NoContent> Delete(string workspace, Guid id, DeleteAutomationHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, ct);
        return TypedResults.NoContent();
    }

    private static Task<PagedResult<BatchDto>> ListBatches(string workspace, Guid id, HttpRequest request, ListBatchesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, ApiConventions.ListRequestOf(request), ct);

    private static async Task<Created<BatchDto>> CreateBatch(string workspace, Guid id, CreateBatchCommand command, CreateBatchHandler handler, CancellationToken ct)
    {
        var batch = await handler.HandleAsync(workspace, id, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/automations/{id}/batches/{batch.Id}", batch);
    }

    private static async Task<VersionedOk<BatchDto>> GetBatch(string workspace, Guid id, Guid batchId, GetBatchHandler handler, CancellationToken ct)
    {
        var batch = await handler.HandleAsync(workspace, id, batchId, ct);
        return ApiConventions.WithETag(batch, batch.Version);
    }

    private static async Task<VersionedOk<BatchDto>> UpdateBatch(string workspace, Guid id, Guid batchId, UpdateBatchCommand command, HttpContext http, UpdateBatchHandler handler, CancellationToken ct)
    {
        var batch = await handler.HandleAsync(workspace, id, batchId, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(batch, batch.Version);
    }

    private static async Task<NoContent> DeleteBatch(string workspace, Guid id, Guid batchId, DeleteBatchHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, batchId, ct);
        return TypedResults.NoContent();
    }

    private static Task<PagedResult<ItemDto>> ListItems(string workspace, Guid id, Guid batchId, HttpRequest request, ListItemsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, batchId, ApiConventions.ListRequestOf(request), ct);

    private static async Task<Created<ItemDto>> CreateItem(string workspace, Guid id, Guid batchId, NewItem item, CreateItemsHandler handler, CancellationToken ct)
    {
        var created = await handler.HandleOneAsync(workspace, id, batchId, item, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/automations/{id}/batches/{batchId}/items/{created.Id}", created);
    }

    /// <summary>Up to 1,000 items at once, all or nothing.</summary>
    private static async Task<Created<BulkCreatedItems>> BulkCreateItems(string workspace, Guid id, Guid batchId, CreateItemsCommand command, CreateItemsHandler handler, CancellationToken ct) =>
        TypedResults.Created($"/api/v1/workspaces/{workspace}/automations/{id}/batches/{batchId}/items",
            new BulkCreatedItems(await handler.HandleAsync(workspace, id, batchId, command, ct)));

    private static async Task<VersionedOk<ItemDto>> GetItem(string workspace, Guid id, Guid batchId, Guid itemId, GetItemHandler handler, CancellationToken ct)
    {
        var item = await handler.HandleAsync(workspace, id, batchId, itemId, ct);
        return ApiConventions.WithETag(item, item.Version);
    }

    private static async Task<VersionedOk<ItemDto>> UpdateItem(string workspace, Guid id, Guid batchId, Guid itemId, UpdateItemCommand command, HttpContext http, UpdateItemHandler handler, CancellationToken ct)
    {
        var item = await handler.HandleAsync(workspace, id, batchId, itemId, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(item, item.Version);
    }

    private static async Task<NoContent> DeleteItem(string workspace, Guid id, Guid batchId, Guid itemId, DeleteItemHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, batchId, itemId, ct);
        return TypedResults.NoContent();
    }
}

public sealed record BulkCreatedItems(IReadOnlyList<ItemDto> Items);
