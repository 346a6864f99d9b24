using Microsoft.AspNetCore.Http.HttpResults;
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
        capacity.MapGet("/databases", Databases)
            .Describe("listDatabases", "List databases",
                "The database inventory the capacity syncs keep, with each database's last size.");
        capacity.MapGet("/databases/{id:guid}/sizes", DatabaseSizes)
            .Describe("getDatabaseSizes", "Get a database's daily sizes",
                "Daily sizes between `from` and `to` (yyyy-MM-dd, UTC); by default the last 30 days.")
            .QueryText("from", "The first day, yyyy-MM-dd (UTC).")
            .QueryText("to", "The last day, yyyy-MM-dd (UTC); by default today.");
        capacity.MapGet("/databases/{id:guid}/tables", Tables)
            .Describe("getTableSizes", "Get a database's table sizes",
                "The largest tables of the last refresh. 409 SNAPSHOT_MISSING until the first refresh.")
            .QueryNumber("limit", "How many of the largest tables.", 1, 1000, 100);
        capacity.MapPost("/databases/{id:guid}/tables/actions/refresh", RefreshTables).AlsoAnswers(StatusCodes.Status502BadGateway)
            .Describe("refreshTableSizes", "Refresh a database's table sizes",
                "Measures the tables now and answers the new collection; 502 DATABASE_CONNECTION_ERROR when the target fails.");
        capacity.MapGet("/instances/{id:guid}/sizes", InstanceSizes)
            .Describe("getInstanceSizes", "Get an instance's daily sizes",
                "Daily totals of the instance's databases between `from` and `to` (yyyy-MM-dd, UTC); by default the last 30 days.")
            .QueryText("from", "The first day, yyyy-MM-dd (UTC).")
            .QueryText("to", "The last day, yyyy-MM-dd (UTC); by default today.");
        capacity.MapGet("/instances/{id:guid}/summaries", (string workspace, Guid id, string? period_type, string? from, string? to,
            GetSizeSummariesHandler handler, CancellationToken ct) => handler.OfInstanceAsync(workspace, id, period_type, from, to, ct))
            .Describe("getInstanceSizeSummaries", "Get an instance's size summaries",
                "The instance's size per day, week, month or quarter (`period_type`) for the periods starting between `from` and `to`: first and last size, growth and trend.")
            .QueryText("period_type", "The kind of period.", ["daily", "weekly", "monthly", "quarterly"], "daily")
            .QueryText("from", "The first day, yyyy-MM-dd (UTC).")
            .QueryText("to", "The last day, yyyy-MM-dd (UTC); by default today.");
        capacity.MapGet("/databases/{id:guid}/summaries", (string workspace, Guid id, string? period_type, string? from, string? to,
            GetSizeSummariesHandler handler, CancellationToken ct) => handler.OfDatabaseAsync(workspace, id, period_type, from, to, ct))
            .Describe("getDatabaseSizeSummaries", "Get a database's size summaries",
                "The database's size per day, week, month or quarter (`period_type`) for the periods starting between `from` and `to`: first and last size, growth and trend.")
            .QueryText("period_type", "The kind of period.", ["daily", "weekly", "monthly", "quarterly"], "daily")
            .QueryText("from", "The first day, yyyy-MM-dd (UTC).")
            .QueryText("to", "The last day, yyyy-MM-dd (UTC); by default today.");
        capacity.MapGet("/growers", (string workspace, string? period_type, string? period, string? of, int? limit, ListTopGrowersHandler handler,
            CancellationToken ct) => handler.HandleAsync(workspace, period_type, period, of, limit, ct))
            .Describe("listTopGrowers", "List the fastest-growing databases",
                "The databases or instance totals (`of`) that grew most, by bytes, in a period.")
            .QueryText("period_type", "The kind of period.", ["daily", "weekly", "monthly", "quarterly"], "daily")
            .QueryText("period", "A day in the period, yyyy-MM-dd; by default today, so the current period.")
            .QueryText("of", "Databases or instance totals.", ["databases", "instances"], "databases")
            .QueryNumber("limit", "How many growers.", 1, 100, 10);
        capacity.MapGet("/instances/{id:guid}/forecast", (string workspace, Guid id, int? days, int? horizon_days, GetForecastHandler handler,
            CancellationToken ct) => handler.OfInstanceAsync(workspace, id, days, horizon_days, ct))
            .Describe("getInstanceForecast", "Forecast an instance's size",
                "A linear forecast of the instance's size over `horizon_days`, fitted on the last `days` days.")
            .QueryNumber("days", "The days of history the line is fitted on.", 7, 365, 30)
            .QueryNumber("horizon_days", "How many days ahead the forecast reaches.", 1, 365, 30);
        capacity.MapGet("/databases/{id:guid}/forecast", (string workspace, Guid id, int? days, int? horizon_days, GetForecastHandler handler,
            CancellationToken ct) => handler.OfDatabaseAsync(workspace, id, days, horizon_days, ct))
            .Describe("getDatabaseForecast", "Forecast a database's size",
                "A linear forecast of the database's size over `horizon_days`, fitted on the last `days` days.")
            .QueryNumber("days", "The days of history the line is fitted on.", 7, 365, 30)
            .QueryNumber("horizon_days", "How many days ahead the forecast reaches.", 1, 365, 30);
        capacity.MapGet("/forecasts/outgrowing", (string workspace, int? within_days, int? days, ListOutgrowingHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, within_days, days, ct))
            .Describe("listOutgrowing", "List instances outgrowing their threshold",
                "Instances whose forecast reaches their capacity threshold within `within_days`.")
            .QueryNumber("within_days", "How many days ahead to look for a threshold reached.", 1, 365, 30)
            .QueryNumber("days", "The days of history the line is fitted on.", 7, 365, 30);
        capacity.MapPut("/instances/{id:guid}/threshold", (string workspace, Guid id, SetCapacityThresholdCommand command,
            SetCapacityThresholdHandler handler, CancellationToken ct) => handler.HandleAsync(workspace, id, command, ct))
            .Describe("setCapacityThreshold", "Set an instance's capacity threshold",
                "The size the forecasts warn about; null clears it.");
        capacity.MapPost("/actions/aggregate", Aggregate)
            .Describe("aggregateCapacity", "Aggregate capacity",
                "Starts a run of the capacity aggregation (the daily, weekly, monthly and quarterly summaries of sizes). 202 with the run, or with `wait` the finished run; the same Idempotency-Key answers the same run.");
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
    private static async Task<Results<Ok<RunDto>, Accepted<RunDto>>> Aggregate(string workspace, AggregateCapacityCommand? command, int? wait, HttpContext http,
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
