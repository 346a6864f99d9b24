using Microsoft.AspNetCore.Http.HttpResults;
using Symphony.Application.Common;
using Symphony.Application.Vaults;

namespace Symphony.Server.Api;

public static class VaultsApi
{
    public static RouteGroupBuilder MapVaultsApi(this RouteGroupBuilder api)
    {
        var vaults = api.MapGroup("/workspaces/{workspace}/vaults").WithTags("Vaults").RequireAuthorization();
        vaults.MapGet("/", List)
            .Describe("listVaults", "List vaults",
                "The workspace's vaults of credentials.");
        vaults.MapPost("/", Create)
            .Describe("createVault", "Create a vault",
                "A vault holds credentials encrypted with the server's master key.")
            .Example("""{"name": "production", "description": "Collector accounts of the production fleet"}""");
        vaults.MapGet("/{id:guid}", Get)
            .Describe("getVault", "Get a vault",
                "The vault with its version as ETag.");
        vaults.MapPatch("/{id:guid}", Update)
            .Describe("updateVault", "Update a vault",
                "Send the version read (body or If-Match).");
        vaults.MapDelete("/{id:guid}", Delete)
            .Describe("deleteVault", "Delete a vault",
                "Workspace owners and admins only. Soft-deletes the vault; its credentials are left as they are.");
        vaults.MapPost("/{id:guid}/actions/lock", Lock)
            .Describe("lockVault", "Lock a vault",
                "Workspace owners and admins only. While locked, no secret of the vault is decrypted: syncs and tests that need one fail with VAULT_LOCKED.");
        vaults.MapPost("/{id:guid}/actions/unlock", Unlock)
            .Describe("unlockVault", "Unlock a vault",
                "Workspace owners and admins only. Lets the vault's secrets be decrypted again.");
        return api;
    }

    private static Task<PagedResult<VaultDto>> List(string workspace, HttpRequest request, ListVaultsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<Created<VaultDto>> Create(string workspace, CreateVaultCommand command, CreateVaultHandler handler, CancellationToken ct)
    {
        var vault = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/vaults/{vault.Id}", vault);
    }

    private static async Task<VersionedOk<VaultDto>> Get(string workspace, Guid id, GetVaultHandler handler, CancellationToken ct)
    {
        var vault = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(vault, vault.Version);
    }

    private static async Task<VersionedOk<VaultDto>> Update(string workspace, Guid id, UpdateVaultCommand command, HttpContext http, UpdateVaultHandler handler, CancellationToken ct)
    {
        var vault = await handler.HandleAsync(workspace, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(vault, vault.Version);
    }

    private static async Task<NoContent> Delete(string workspace, Guid id, DeleteVaultHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, ct);
        return TypedResults.NoContent();
    }

    private static Task<VaultDto> Lock(string workspace, Guid id, LockVaultHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, locked: true, ct);

    private static Task<VaultDto> Unlock(string workspace, Guid id, LockVaultHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, id, locked: false, ct);
}
