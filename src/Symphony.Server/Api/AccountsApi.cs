using Symphony.Application.Common;
using Symphony.Application.Fleet;

namespace Symphony.Server.Api;

/// <summary>The account ledger (the accounts sync that fills it is an instance action: <see cref="InstancesApi"/>).</summary>
public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/workspaces/{workspace}/accounts").WithTags("Accounts").RequireAuthorization();
        accounts.MapGet("/", List);
        accounts.MapGet("/{id:guid}", Get);
        accounts.MapGet("/{id:guid}/changes", History);
        api.MapGet("/workspaces/{workspace}/account-changes", Changes).WithTags("Accounts").RequireAuthorization();
        api.MapGet("/workspaces/{workspace}/instances/{id:guid}/accounts", OfInstance).WithTags("Accounts").RequireAuthorization();

        return api;
    }

    private static Task<PagedResult<AccountDto>> List(string workspace, HttpRequest request, ListAccountsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static Task<AccountDetailDto> Get(string workspace, Guid id, GetAccountHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, ct);

    private static Task<PagedResult<AccountChangeDto>> History(string workspace, Guid id, HttpRequest request, ListAccountChangesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request).WithPathFilter("account_id", id.ToString()), ct);

    private static Task<PagedResult<AccountChangeDto>> Changes(string workspace, HttpRequest request, ListAccountChangesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    /// <summary>409 SNAPSHOT_MISSING before the instance's first accounts sync.</summary>
    private static Task<InstanceAccountsDto> OfInstance(string workspace, Guid id, HttpRequest request, GetInstanceAccountsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, ApiConventions.ListRequestOf(request), ct);
}
