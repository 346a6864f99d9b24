using Symphony.Application.Capacity;
using Symphony.Application.Common;
using Symphony.Application.Runs;

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
        capacity.MapGet("/instances/{id:guid}/summaries", (string workspace, Guid id, string? period_type, string? from, string? to,
            GetSizeSummariesHandler handler, CancellationToken ct) => handler.OfInstanceAsync(workspace, id, period_type, from, to, ct));
        capacity.MapGet("/databases/{id:guid}/summaries", (string workspace, Guid id, string? period_type, string? from, string? to,
            GetSizeSummariesHandler handler, CancellationToken ct) => handler.OfDatabaseAsync(workspace, id, period_type, from, to, ct));
        capacity.MapGet("/growers", (string workspace, string? period_type, string? period, string? of, int? limit, ListTopGrowersHandler handler,
            CancellationToken ct) => handler.HandleAsync(workspace, period_type, period, of, limit, ct));
        capacity.MapGet("/instances/{id:guid}/forecast", (string workspace, Guid id, int? days, int? horizon_days, GetForecastHandler handler,
            CancellationToken ct) => handler.OfInstanceAsync(workspace, id, days, horizon_days, ct));
        capacity.MapGet("/databases/{id:guid}/forecast", (string workspace, Guid id, int? days, int? horizon_days, GetForecastHandler handler,
            CancellationToken ct) => handler.OfDatabaseAsync(workspace, id, days, horizon_days, ct));
        capacity.MapGet("/forecasts/outgrowing", (string workspace, int? within_days, int? days, ListOutgrowingHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, within_days, days, ct));
        capacity.MapPut("/instances/{id:guid}/threshold", (string workspace, Guid id, SetCapacityThresholdCommand command,
            SetCapacityThresholdHandler handler, CancellationToken ct) => handler.HandleAsync(workspace, id, command, ct));
        capacity.MapPost("/actions/aggregate", Aggregate);
        return api;
    }

    private static Task<PagedResult<DatabaseDto>> Databases(string workspace, HttpRequest request, ListDatabasesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    /// <summary><c>from</c> and <c>to</c> are days (yyyy-MM-dd, UTC); by default the last 30 days.</summary>
    private static Task<DatabaseSizeHistoryDto> DatabaseSizes(string workspace, Guid id, string? from, string? to, GetDatabaseSizesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, from, to, ct);

    private static Task<InstanceSizeHistoryDto> InstanceSizes(string workspace, Guid id, string? from, string? to, GetInstanceSizesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, from, to, ct);

    /// <summary>A run of the built-in capacity aggregation (202, or its end with <c>wait</c>); the same Idempotency-Key gives the same run.</summary>
    private static async Task<IResult> Aggregate(string workspace, AggregateCapacityCommand? command, int? wait, HttpContext http,
        AggregateCapacityHandler handler, WaitForRunHandler waiter, CancellationToken ct)
    {
        var seconds = WaitForRunHandler.Seconds(wait);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var run = await handler.HandleAsync(workspace, command ?? new AggregateCapacityCommand(), key.Length == 0 ? null : key, ct);
        return await RunsApi.AnswerAsync(workspace, run, seconds, waiter, ct);
    }

    /// <summary>409 SNAPSHOT_MISSING until the first refresh.</summary>
    private static Task<TableSizesDto> Tables(string workspace, Guid id, int? limit, GetTableSizesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, limit, ct);

    /// <summary>Measures now and answers with the new collection; 502 DATABASE_CONNECTION_ERROR when the target fails.</summary>
    private static Task<TableSizesDto> RefreshTables(string workspace, Guid id, RefreshTableSizesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, ct);
}
