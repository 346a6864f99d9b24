using Symphony.Application.Common;
using Symphony.Application.Vaults;

namespace Symphony.Server.Api;

public static class VaultsApi
{
    public static RouteGroupBuilder MapVaultsApi(this RouteGroupBuilder api)
    {
        var vaults = api.MapGroup("/workspaces/{workspace}/vaults").WithTags("Vaults").RequireAuthorization();
        vaults.MapGet("/", List);
        vaults.MapPost("/", Create);
        vaults.MapGet("/{id:guid}", Get);
        vaults.MapPatch("/{id:guid}", Update);
        vaults.MapDelete("/{id:guid}", Delete);
        vaults.MapPost("/{id:guid}/actions/lock", Lock);
        vaults.MapPost("/{id:guid}/actions/unlock", Unlock);
        return api;
    }

    private static Task<PagedResult<VaultDto>> List(string workspace, HttpRequest request, ListVaultsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<IResult> Create(string workspace, CreateVaultCommand command, CreateVaultHandler handler, CancellationToken ct)
    {
        var vault = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/vaults/{vault.Id}", vault);
    }

    private static async Task<IResult> Get(string workspace, Guid id, HttpContext http, GetVaultHandler handler, CancellationToken ct)
    {
        var vault = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(http, vault, vault.Version);
    }

    private static async Task<IResult> Update(string workspace, Guid id, UpdateVaultCommand command, HttpContext http, UpdateVaultHandler handler, CancellationToken ct)
    {
        var vault = await handler.HandleAsync(workspace, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(http, vault, vault.Version);
    }

    private static async Task<IResult> Delete(string workspace, Guid id, DeleteVaultHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, ct);
        return TypedResults.NoContent();
    }

    private static Task<VaultDto> Lock(string workspace, Guid id, LockVaultHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, locked: true, ct);

    private static Task<VaultDto> Unlock(string workspace, Guid id, LockVaultHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, locked: false, ct);
}
