using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Application.Runs;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;

namespace Symphony.Server.Api;

/// <summary>
/// The fleet: instances (CRUD, restore, CSV export and import, connection tests, the sync actions), the
/// account ledger the accounts sync fills, and tags (<c>FleetApi.Tags.cs</c>).
/// </summary>
public static partial class FleetApi
{
    private const int MaxImportBytes = ImportInstancesHandler.MaxBytes;

    public static RouteGroupBuilder MapFleetApi(this RouteGroupBuilder api)
    {
        var instances = api.MapGroup("/workspaces/{workspace}/instances").WithTags("Instances").RequireAuthorization();
        instances.MapGet("/", List)
            .Describe("listInstances", "List instances",
                "The inventory: filter by search text, db_type, environment, health status, tags or the credential used; deleted ones with include_deleted.");
        instances.MapPost("/", Create)
            .Describe("createInstance", "Add an instance",
                "Adds a database instance to the inventory, with a credential of one of the workspace's vaults for its syncs.")
            .Example("""{"name": "orders-db-1", "db_type": "postgresql", "host": "orders-db-1.internal", "port": 5432, "database_name": "postgres", "credential_id": "0196b3a2-5a4e-7c1d-9f1e-2b3c4d5e6f70", "environment": "production"}""");
        instances.MapGet("/{id:guid}", Get)
            .Describe("getInstance", "Get an instance",
                "The instance with its health, server version and last syncs, and its version as ETag.");
        instances.MapPatch("/{id:guid}", Update)
            .Describe("updateInstance", "Update an instance",
                "Send the version read (body or If-Match).");
        instances.MapDelete("/{id:guid}", Delete)
            .Describe("deleteInstance", "Delete an instance",
                "A soft delete: the instance leaves lists and syncs and can be restored; its history stays.");
        instances.MapPost("/{id:guid}/actions/restore", Restore)
            .Describe("restoreInstance", "Restore a deleted instance",
                "Brings a deleted instance back.");
        instances.MapGet("/actions/export", Export).Produces<string>(StatusCodes.Status200OK, "text/csv")
            .Describe("exportInstances", "Export instances as CSV",
                "The instances the list's filters match (all of `listInstances`' filters; every active instance without them), in its sort, at most 100,000 rows, as CSV in the columns the import reads. Formulas are defused.")
            .QueryText("search", "Instances whose name, host or description contains this.")
            .QueryText("db_type", "Instances of this type.")
            .QueryText("environment", "Instances of this environment; none for those without one.")
            .QueryText("status", "Instances of this health: good, warning, poor or unknown.", ["good", "warning", "poor", "unknown"])
            .QueryText("tag", "Instances that carry this tag (repeat it for any of several).")
            .QueryText("credential_id", "Instances that use this credential.")
            .QueryText("include_deleted", "true to include deleted instances.", ["true", "false"])
            .QueryText("sort", "name (the default), created_at or last_connected_at.", ["name", "created_at", "last_connected_at"])
            .QueryText("order", "asc or desc.", ["asc", "desc"]);
        instances.MapPost("/actions/import", Import).Accepts<string>("text/csv")
            .Describe("importInstances", "Import instances from CSV",
                "The body is the CSV file itself (Content-Type text/csv, at most 2 MiB and 1,000 rows). Each row creates an instance; a row whose name is taken is refused with NAME_EXISTS. The answer counts the rows and names each row in error.");
        instances.MapPost("/actions/test-connection", TestConnections)
            .Describe("testConnections", "Test connections",
                "Saved instances by id (1 to 50), or one target given in full. Each answer says whether the target was reached, its version, or a classified error; nothing here answers 502.")
            .Example("""{"instance_ids": ["0196b3a2-5a4e-7c1d-9f1e-2b3c4d5e6f70"]}""");
        instances.MapFleetSync("sync-accounts", BuiltIns.AccountsSync, "syncAccounts", "syncInstanceAccounts", "Sync accounts", "Sync one instance's accounts",
            "reads every account and its privileges into the ledger");
        instances.MapFleetSync("sync-capacity", BuiltIns.CapacitySync, "syncCapacity", "syncInstanceCapacity", "Sync capacity", "Sync one instance's capacity",
            "measures every database's size");

        var accounts = api.MapGroup("/workspaces/{workspace}/accounts").WithTags("Accounts").RequireAuthorization();
        accounts.MapGet("/", ListAccounts)
            .Describe("listAccounts", "List accounts",
                "The account ledger across the workspace's instances; filter by instance, name, superuser or sign-in state.");
        accounts.MapGet("/actions/export", ExportAccounts)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .Describe("exportAccounts", "Export the account ledger as CSV",
                "The accounts the list's filters match (all of `listAccounts`' filters), in its sort, at most 50,000 rows: instance, type, account, sign-in state, superuser, password expiry, classifications, highest risk, first seen, last changed, in the ledger or gone, and the two ids. Formulas are defused.")
            .QueryText("search", "Accounts whose name contains this.")
            .QueryText("instance_id", "One instance's accounts.")
            .QueryText("superuser", "true or false.", ["true", "false"])
            .QueryText("locked", "true or false (the sign-in state says why an account cannot sign in).", ["true", "false"])
            .QueryText("sign_in_state", "One or more of the sign-in states, separated by commas.")
            .QueryText("tag", "Accounts of the instances that carry this tag.")
            .QueryText("db_type", "Accounts of instances of this type.")
            .QueryText("classification", "Accounts in the classification of this code.")
            .QueryText("min_risk", "Accounts in a classification of at least this risk level (1 to 6).")
            .QueryText("classified", "true or false: in any classification or in none.", ["true", "false"])
            .QueryText("first_seen_since", "Accounts first seen from this time on (ISO 8601).")
            .QueryText("gone", "true for the accounts gone from their instance only (include_deleted implied).", ["true", "false"])
            .QueryText("include_deleted", "true to include the accounts gone from their instance.", ["true", "false"])
            .QueryText("sort", "The list's sorts: name (the default), sign_in_state, superuser, password_expires_at, first_seen_at, last_seen_at, last_changed_at.",
                ["name", "sign_in_state", "superuser", "password_expires_at", "first_seen_at", "last_seen_at", "last_changed_at"])
            .QueryText("order", "asc or desc.", ["asc", "desc"]);
        accounts.MapGet("/{id:guid}", GetAccount)
            .Describe("getAccount", "Get an account",
                "The account with its privileges, roles and capabilities as the last sync saw them.");
        accounts.MapGet("/{id:guid}/members", (string workspace, Guid id, RoleMembersHandler handler, CancellationToken ct) => handler.HandleAsync(workspace, id, ct))
            .Describe("listRoleMembers", "List a role's members",
                "The accounts of the role's instance that are members of it, directly or through other roles, each with the chain and whether it uses the role's privileges at sign-in (`inherits`) or only by SET ROLE.");
        accounts.MapGet("/{id:guid}/changes", AccountHistory)
            .Describe("listAccountHistory", "List an account's changes",
                "The account's change log, newest first.");
        api.MapGet("/workspaces/{workspace}/account-changes", ListAccountChanges).WithTags("Accounts").RequireAuthorization()
            .Describe("listAccountChanges", "List account changes",
                "The change log of the account ledger across the workspace's instances: accounts created, changed (with a diff of privileges), deactivated, reactivated and classified.");
        api.MapGet("/workspaces/{workspace}/account-changes/actions/export", ExportAccountChanges).WithTags("Accounts").RequireAuthorization()
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .Describe("exportAccountChanges", "Export account changes as CSV",
                "The changes the feed's filters match (`instance_id`, `tag`, `account_id`, `kind`, `since`, `until`, `min_risk`), newest first, at most 20,000 rows: when, instance, account, kind, the change in words, the lines added and removed, the run. Formulas are defused.")
            .QueryText("instance_id", "Changes of one instance's accounts.")
            .QueryText("tag", "Changes on the instances that carry this tag.")
            .QueryText("account_id", "Changes of one account.")
            .QueryText("kind", "created, changed, deactivated, reactivated or classified.", ["created", "changed", "deactivated", "reactivated", "classified"])
            .QueryText("since", "Changes from this time on (ISO 8601).")
            .QueryText("until", "Changes before this time (ISO 8601).")
            .QueryText("min_risk", "Changes of accounts in a classification of at least this risk level (1 to 6).")
            .QueryText("sort", "occurred_at (the only sort).", ["occurred_at"])
            .QueryText("order", "desc (the default, newest first) or asc.", ["asc", "desc"]);
        api.MapGet("/workspaces/{workspace}/account-changes/statistics", (string workspace, int? days, GetAccountChangeStatisticsHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, days, ct)).WithTags("Accounts").RequireAuthorization()
            .Describe("getAccountChangeStatistics", "Get account change statistics",
                "Counts of account changes by kind and day over the last `days` days (default 30).")
            .QueryNumber("days", "How many days back, today included.", 1, 366, 30);
        api.MapGet("/workspaces/{workspace}/instances/{id:guid}/accounts", AccountsOfInstance).WithTags("Accounts").RequireAuthorization()
            .Describe("listInstanceAccounts", "List an instance's accounts",
                "The accounts the last accounts sync found on the instance. 409 SNAPSHOT_MISSING before its first sync.")
            .AlsoAnswers(409);
        api.MapGet("/workspaces/{workspace}/instances/{id:guid}/privilege-holders", PrivilegeHolders).WithTags("Accounts").RequireAuthorization()
            .Describe("listPrivilegeHolders", "Who can do a privilege on an object",
                "Every active account of the instance that can do `privilege` on `object` without SET ROLE: directly, through the roles it inherits, through PUBLIC or as a superuser, each with every chain of roles it holds it by. 409 SNAPSHOT_MISSING before the instance's first accounts sync.")
            .RequiredQueryText("object", "A table, view, sequence, routine or column as the ledger names it: `app.sales.invoices` on PostgreSQL (database, schema, name), `shop.orders.total` on MySQL (database, table, column).", 1000)
            .RequiredQueryText("privilege", "The privilege, as the engine names it: SELECT, INSERT, UPDATE, DELETE, EXECUTE, USAGE and so on.", 100)
            .AlsoAnswers(409);
        MapTags(api);
        return api;
    }

    /// <summary>
    /// <c>POST .../actions/{action}</c> over a scope and <c>POST .../{id}/actions/{action}</c> for one instance: 202 with
    /// the run (one item per instance); <c>?wait=N</c> and <c>Idempotency-Key</c> as for any run.
    /// </summary>
    internal static void MapFleetSync(
        this RouteGroupBuilder instances, string action, BuiltIn sync, string scopeId, string oneId, string scopeSummary, string oneSummary, string what)
    {
        instances.MapPost($"/actions/{action}", (string workspace, FleetSyncCommand? command, int? wait, HttpContext http, StartFleetSyncHandler handler,
                WaitForRunHandler waiter, CancellationToken ct) =>
            StartAsync(workspace, sync, command ?? new FleetSyncCommand(), wait, http, handler, waiter, ct))
            .Example("""{"tags": ["production"]}""")
            .Describe(scopeId, scopeSummary,
                $"Starts a run with one item per instance in scope (every instance, the ids given, or those with the tags given) that {what}. "
                + "202 with the run, or with `wait` the finished run; the same Idempotency-Key answers the same run.");
        instances.MapPost($"/{{id:guid}}/actions/{action}", (string workspace, Guid id, int? wait, HttpContext http, StartFleetSyncHandler handler,
                WaitForRunHandler waiter, CancellationToken ct) =>
            StartAsync(workspace, sync, new FleetSyncCommand(InstanceIds: [id]), wait, http, handler, waiter, ct))
            .Describe(oneId, oneSummary, $"Starts a run with one item that {what} for this instance. 202 with the run, or with `wait` the finished run.");
    }

    private static async Task<Results<Ok<RunDto>, Accepted<RunDto>>> StartAsync(
        string workspace, BuiltIn sync, FleetSyncCommand command, int? wait, HttpContext http, StartFleetSyncHandler handler,
        WaitForRunHandler waiter, CancellationToken ct)
    {
        var seconds = WaitForRunHandler.Seconds(wait);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var run = await handler.HandleAsync(workspace, sync, command, key.Length == 0 ? null : key, ct);
        return await RunsApi.AnswerAsync(workspace, run, seconds, waiter, ct);
    }

    private static Task<PagedResult<InstanceDto>> List(string workspace, HttpRequest request, ListInstancesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<Created<InstanceDto>> Create(string workspace, CreateInstanceCommand command, CreateInstanceHandler handler, CancellationToken ct)
    {
        var instance = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/instances/{instance.Id}", instance);
    }

    private static async Task<VersionedOk<InstanceDto>> Get(string workspace, Guid id, GetInstanceHandler handler, CancellationToken ct)
    {
        var instance = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(instance, instance.Version);
    }

    private static async Task<VersionedOk<InstanceDto>> Update(string workspace, Guid id, UpdateInstanceCommand command, HttpContext http, UpdateInstanceHandler handler, CancellationToken ct)
    {
        var instance = await handler.HandleAsync(workspace, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(instance, instance.Version);
    }

    private static async Task<NoContent> Delete(string workspace, Guid id, DeleteInstanceHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, ct);
        return TypedResults.NoContent();
    }

    private static Task<InstanceDto> Restore(string workspace, Guid id, RestoreInstanceHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, ct);

    private static async Task<FileContentHttpResult> Export(string workspace, HttpRequest request, ExportInstancesHandler handler, CancellationToken ct) =>
        TypedResults.File(Encoding.UTF8.GetBytes(await handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct)), "text/csv; charset=utf-8", $"instances-{workspace}.csv");

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

    private static async Task<FileContentHttpResult> ExportAccounts(string workspace, HttpRequest request, Symphony.Application.Classifications.ExportLedgerHandler handler, CancellationToken ct) =>
        TypedResults.File(Encoding.UTF8.GetBytes(await handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct)), "text/csv; charset=utf-8", "accounts.csv");

    private static Task<AccountDetailDto> GetAccount(string workspace, Guid id, GetAccountHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, ct);

    private static Task<PagedResult<AccountChangeDto>> AccountHistory(string workspace, Guid id, HttpRequest request, ListAccountChangesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request).WithPathFilter("account_id", id.ToString()), ct);

    private static Task<PagedResult<AccountChangeDto>> ListAccountChanges(string workspace, HttpRequest request, ListAccountChangesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    /// <summary>409 SNAPSHOT_MISSING before the instance's first accounts sync.</summary>
    private static Task<InstanceAccountsDto> AccountsOfInstance(string workspace, Guid id, HttpRequest request, GetInstanceAccountsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, ApiConventions.ListRequestOf(request), ct);

    /// <summary>
    /// 400 without an object or a privilege, or with either given twice (a routine's name holds commas, so values are
    /// never joined); 409 SNAPSHOT_MISSING before the instance's first accounts sync.
    /// </summary>
    private static Task<PrivilegeHoldersDto> PrivilegeHolders(string workspace, Guid id, HttpRequest request, PrivilegeHoldersHandler handler, CancellationToken ct)
    {
        string? Once(string name) => request.Query[name] is { Count: > 1 }
            ? throw DomainException.Validation(name, $"Query parameter '{name}' is given more than once.")
            : request.Query[name].FirstOrDefault();
        return handler.HandleAsync(workspace, id, Once("object"), Once("privilege"), ct);
    }

    private static async Task<FileContentHttpResult> ExportAccountChanges(string workspace, HttpRequest request, ExportAccountChangesHandler handler, CancellationToken ct) =>
        TypedResults.File(Encoding.UTF8.GetBytes(await handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct)), "text/csv; charset=utf-8", "account-changes.csv");
}
