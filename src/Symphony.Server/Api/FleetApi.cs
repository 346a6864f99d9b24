using System.Text;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Application.Runs;
using Symphony.Domain.Common;

namespace Symphony.Server.Api;

/// <summary>
/// The fleet: instances (CRUD, restore, CSV export and import, connection tests, the sync actions) and the
/// account ledger the accounts sync fills.
/// </summary>
public static class FleetApi
{
    private const int MaxImportBytes = 2 * 1024 * 1024;

    public static RouteGroupBuilder MapFleetApi(this RouteGroupBuilder api)
    {
        var instances = api.MapGroup("/workspaces/{workspace}/instances").WithTags("Instances").RequireAuthorization();
        instances.MapGet("/", List);
        instances.MapPost("/", Create);
        instances.MapGet("/{id:guid}", Get);
        instances.MapPatch("/{id:guid}", Update);
        instances.MapDelete("/{id:guid}", Delete);
        instances.MapPost("/{id:guid}/actions/restore", Restore);
        instances.MapGet("/actions/export", Export).Produces<string>(StatusCodes.Status200OK, "text/csv");
        instances.MapPost("/actions/import", Import).Accepts<string>("text/csv");
        instances.MapPost("/actions/test-connection", TestConnections);
        instances.MapFleetSync("sync-accounts", FleetSync.Accounts);
        instances.MapFleetSync("sync-capacity", FleetSync.Capacity);
        instances.MapFleetSync("auto-classify", FleetSync.AutoClassify);

        var accounts = api.MapGroup("/workspaces/{workspace}/accounts").WithTags("Accounts").RequireAuthorization();
        accounts.MapGet("/", ListAccounts);
        accounts.MapGet("/{id:guid}", GetAccount);
        accounts.MapGet("/{id:guid}/changes", AccountHistory);
        api.MapGet("/workspaces/{workspace}/account-changes", ListAccountChanges).WithTags("Accounts").RequireAuthorization();
        api.MapGet("/workspaces/{workspace}/account-changes/statistics", (string workspace, int? days, GetAccountChangeStatisticsHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, days, ct)).WithTags("Accounts").RequireAuthorization();
        api.MapGet("/workspaces/{workspace}/instances/{id:guid}/accounts", AccountsOfInstance).WithTags("Accounts").RequireAuthorization();
        return api;
    }

    /// <summary>
    /// <c>POST .../actions/{action}</c> over a scope and <c>POST .../{id}/actions/{action}</c> for one instance: 202 with
    /// the run (one item per instance); <c>?wait=N</c> and <c>Idempotency-Key</c> as for any run.
    /// </summary>
    private static void MapFleetSync(this RouteGroupBuilder instances, string action, FleetSync sync)
    {
        instances.MapPost($"/actions/{action}", (string workspace, FleetSyncCommand? command, int? wait, HttpContext http, StartFleetSyncHandler handler,
                WaitForRunHandler waiter, CancellationToken ct) =>
            StartAsync(workspace, sync, command ?? new FleetSyncCommand(), wait, http, handler, waiter, ct));
        instances.MapPost($"/{{id:guid}}/actions/{action}", (string workspace, Guid id, int? wait, HttpContext http, StartFleetSyncHandler handler,
                WaitForRunHandler waiter, CancellationToken ct) =>
            StartAsync(workspace, sync, new FleetSyncCommand(InstanceIds: [id]), wait, http, handler, waiter, ct));
    }

    private static async Task<IResult> StartAsync(
        string workspace, FleetSync sync, FleetSyncCommand command, int? wait, HttpContext http, StartFleetSyncHandler handler,
        WaitForRunHandler waiter, CancellationToken ct)
    {
        var seconds = WaitForRunHandler.Seconds(wait);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var run = await handler.HandleAsync(workspace, sync, command, key.Length == 0 ? null : key, ct);
        return await RunsApi.AnswerAsync(workspace, run, seconds, waiter, ct);
    }

    private static Task<PagedResult<InstanceDto>> List(string workspace, HttpRequest request, ListInstancesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<IResult> Create(string workspace, CreateInstanceCommand command, CreateInstanceHandler handler, CancellationToken ct)
    {
        var instance = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/instances/{instance.Id}", instance);
    }

    private static async Task<IResult> Get(string workspace, Guid id, HttpContext http, GetInstanceHandler handler, CancellationToken ct)
    {
        var instance = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(http, instance, instance.Version);
    }

    private static async Task<IResult> Update(string workspace, Guid id, UpdateInstanceCommand command, HttpContext http, UpdateInstanceHandler handler, CancellationToken ct)
    {
        var instance = await handler.HandleAsync(workspace, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(http, instance, instance.Version);
    }

    private static async Task<IResult> Delete(string workspace, Guid id, DeleteInstanceHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, ct);
        return TypedResults.NoContent();
    }

    private static Task<InstanceDto> Restore(string workspace, Guid id, RestoreInstanceHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, ct);

    private static async Task<IResult> Export(string workspace, ExportInstancesHandler handler, CancellationToken ct) =>
        TypedResults.File(Encoding.UTF8.GetBytes(await handler.HandleAsync(workspace, ct)), "text/csv; charset=utf-8", $"instances-{workspace}.csv");

    private static Task<ConnectionTestResults> TestConnections(string workspace, TestConnectionsCommand command, TestConnectionsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, command, ct);

    /// <summary>The body is the CSV file itself (<c>Content-Type: text/csv</c>), at most 2 MiB.</summary>
    private static async Task<ImportResult> Import(string workspace, HttpRequest request, ImportInstancesHandler handler, CancellationToken ct)
    {
        if (request.ContentType is not { } type || !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
            throw new DomainException(MessageCodes.UnsupportedMediaType, "The request body must be text/csv.");
        if (request.ContentLength > MaxImportBytes)
            throw new DomainException(MessageCodes.PayloadTooLarge, $"An import is at most {MaxImportBytes / 1024 / 1024} MiB.");
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxImportBytes + 1];
        var length = await reader.ReadBlockAsync(buffer, ct);
        if (length > MaxImportBytes)
            throw new DomainException(MessageCodes.PayloadTooLarge, $"An import is at most {MaxImportBytes / 1024 / 1024} MiB.");
        return await handler.HandleAsync(workspace, new string(buffer, 0, length), ct);
    }


    private static Task<PagedResult<AccountDto>> ListAccounts(string workspace, HttpRequest request, ListAccountsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static Task<AccountDetailDto> GetAccount(string workspace, Guid id, GetAccountHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, ct);

    private static Task<PagedResult<AccountChangeDto>> AccountHistory(string workspace, Guid id, HttpRequest request, ListAccountChangesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request).WithPathFilter("account_id", id.ToString()), ct);

    private static Task<PagedResult<AccountChangeDto>> ListAccountChanges(string workspace, HttpRequest request, ListAccountChangesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    /// <summary>409 SNAPSHOT_MISSING before the instance's first accounts sync.</summary>
    private static Task<InstanceAccountsDto> AccountsOfInstance(string workspace, Guid id, HttpRequest request, GetInstanceAccountsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, ApiConventions.ListRequestOf(request), ct);
}
