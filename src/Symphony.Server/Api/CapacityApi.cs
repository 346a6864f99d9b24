using Symphony.Application.Capacity;
using Symphony.Application.Common;

namespace Symphony.Server.Api;

/// <summary>
/// Capacity: the database inventory, daily size histories of databases and instances, and table sizes on demand
/// (the capacity sync that fills them is an instance action: <see cref="FleetApi"/>).
/// </summary>
public static class CapacityApi
{
    public static RouteGroupBuilder MapCapacityApi(this RouteGroupBuilder api)
    {
        var capacity = api.MapGroup("/workspaces/{workspace}/capacity").WithTags("Capacity").RequireAuthorization();
        capacity.MapGet("/databases", Databases);
        capacity.MapGet("/databases/{id:guid}/sizes", DatabaseSizes);
        capacity.MapGet("/databases/{id:guid}/tables", Tables);
        capacity.MapPost("/databases/{id:guid}/tables/actions/refresh", RefreshTables);
        capacity.MapGet("/instances/{id:guid}/sizes", InstanceSizes);
        return api;
    }

    private static Task<PagedResult<DatabaseDto>> Databases(string workspace, HttpRequest request, ListDatabasesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    /// <summary><c>from</c> and <c>to</c> are days (yyyy-MM-dd, UTC); by default the last 30 days.</summary>
    private static Task<DatabaseSizeHistoryDto> DatabaseSizes(string workspace, Guid id, string? from, string? to, GetDatabaseSizesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, from, to, ct);

    private static Task<InstanceSizeHistoryDto> InstanceSizes(string workspace, Guid id, string? from, string? to, GetInstanceSizesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, from, to, ct);

    /// <summary>409 SNAPSHOT_MISSING until the first refresh.</summary>
    private static Task<TableSizesDto> Tables(string workspace, Guid id, int? limit, GetTableSizesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, limit, ct);

    /// <summary>Measures now and answers with the new collection; 502 DATABASE_CONNECTION_ERROR when the target fails.</summary>
    private static Task<TableSizesDto> RefreshTables(string workspace, Guid id, RefreshTableSizesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, ct);
}
