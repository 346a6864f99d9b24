using Microsoft.AspNetCore.Http.HttpResults;
using Symphony.Application.Common;
using Symphony.Application.Credentials;

namespace Symphony.Server.Api;

/// <summary>Credentials of a vault. Secrets go in and never come out.</summary>
public static class CredentialsApi
{
    public static RouteGroupBuilder MapCredentialsApi(this RouteGroupBuilder api)
    {
        var credentials = api.MapGroup("/workspaces/{workspace}/vaults/{vaultId:guid}/credentials").WithTags("Credentials").RequireAuthorization();
        credentials.MapGet("/", List)
            .Describe("listCredentials", "List a vault's credentials",
                "The vault's credentials without their secrets: a secret never leaves the server.");
        credentials.MapPost("/", Create)
            .Describe("createCredential", "Create a credential",
                "Stores a username and secret, encrypted at rest. The secret is write-only: no answer ever contains it.")
            .Example("""{"name": "collector", "username": "symphony_collector", "secret": "a-long-random-password"}""");
        credentials.MapGet("/{id:guid}", Get)
            .Describe("getCredential", "Get a credential",
                "The credential without its secret, with its version as ETag.");
        credentials.MapPatch("/{id:guid}", Update)
            .Describe("updateCredential", "Update a credential",
                "Changes the name, username or secret (rotation). Send the version read.");
        credentials.MapDelete("/{id:guid}", Delete)
            .Describe("deleteCredential", "Delete a credential",
                "Soft-deletes the credential and erases its secret; instances using it can no longer connect with it.");
        return api;
    }

    private static Task<PagedResult<CredentialDto>> List(string workspace, Guid vaultId, HttpRequest request, ListCredentialsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, vaultId, ApiConventions.ListRequestOf(request), ct);

    private static async Task<Created<CredentialDto>> Create(string workspace, Guid vaultId, CreateCredentialCommand command, CreateCredentialHandler handler, CancellationToken ct)
    {
        var credential = await handler.HandleAsync(workspace, vaultId, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/vaults/{vaultId}/credentials/{credential.Id}", credential);
    }

    private static async Task<VersionedOk<CredentialDto>> Get(string workspace, Guid vaultId, Guid id, GetCredentialHandler handler, CancellationToken ct)
    {
        var credential = await handler.HandleAsync(workspace, vaultId, id, ct);
        return ApiConventions.WithETag(credential, credential.Version);
    }

    private static async Task<VersionedOk<CredentialDto>> Update(
        string workspace, Guid vaultId, Guid id, UpdateCredentialCommand command, HttpContext http, UpdateCredentialHandler handler, CancellationToken ct)
    {
        var credential = await handler.HandleAsync(workspace, vaultId, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(credential, credential.Version);
    }

    private static async Task<NoContent> Delete(string workspace, Guid vaultId, Guid id, DeleteCredentialHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, vaultId, id, ct);
        return TypedResults.NoContent();
    }
}
