using Symphony.Application.Common;
using Symphony.Application.Fleet;

namespace Symphony.Server.Api;

/// <summary>The account ledger and the accounts sync actions that fill it.</summary>
public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/workspaces/{workspace}/accounts").WithTags("Accounts").RequireAuthorization();
        accounts.MapGet("/", List);
        accounts.MapGet("/{id:guid}", Get);
        accounts.MapGet("/{id:guid}/changes", History);
        api.MapGet("/workspaces/{workspace}/account-changes", Changes).WithTags("Accounts").RequireAuthorization();

        var actions = api.MapGroup("/workspaces/{workspace}/instances").WithTags("Accounts").RequireAuthorization();
        actions.MapPost("/actions/sync-accounts", SyncScope);
        actions.MapPost("/{id:guid}/actions/sync-accounts", SyncOne);
        return api;
    }

    private static Task<PagedResult<AccountDto>> List(string workspace, HttpRequest request, ListAccountsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static Task<AccountDetailDto> Get(string workspace, Guid id, GetAccountHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, ct);

    private static Task<PagedResult<AccountChangeDto>> History(string workspace, Guid id, HttpRequest request, ListAccountChangesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ListRequest.Of([.. ApiConventions.ListRequestOf(request).Parameters.Select(p => (p.Key, p.Value)), ("account_id", id.ToString())]), ct);

    private static Task<PagedResult<AccountChangeDto>> Changes(string workspace, HttpRequest request, ListAccountChangesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    /// <summary>202 with the run (one item per instance in scope); <c>?wait=N</c> and <c>Idempotency-Key</c> as for any run.</summary>
    private static async Task<IResult> SyncScope(
        string workspace, SyncAccountsCommand? command, int? wait, HttpContext http, SyncAccountsHandler handler, IServiceScopeFactory scopes, CancellationToken ct) =>
        await SyncAsync(workspace, command ?? new SyncAccountsCommand(), wait, http, handler, scopes, ct);

    private static async Task<IResult> SyncOne(
        string workspace, Guid id, int? wait, HttpContext http, SyncAccountsHandler handler, IServiceScopeFactory scopes, CancellationToken ct) =>
        await SyncAsync(workspace, new SyncAccountsCommand(InstanceIds: [id]), wait, http, handler, scopes, ct);

    private static async Task<IResult> SyncAsync(
        string workspace, SyncAccountsCommand command, int? wait, HttpContext http, SyncAccountsHandler handler, IServiceScopeFactory scopes, CancellationToken ct)
    {
        var seconds = RunsApi.WaitSeconds(wait);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var run = await handler.HandleAsync(workspace, command, key.Length == 0 ? null : key, ct);
        return await RunsApi.AnswerAsync(workspace, run, seconds, scopes, ct);
    }
}
