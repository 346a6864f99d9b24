using Symphony.Application.Common;
using Symphony.Application.Credentials;

namespace Symphony.Server.Api;

/// <summary>Credentials of a vault. Secrets go in and never come out.</summary>
public static class CredentialsApi
{
    public static RouteGroupBuilder MapCredentialsApi(this RouteGroupBuilder api)
    {
        var credentials = api.MapGroup("/workspaces/{workspace}/vaults/{vaultId:guid}/credentials").WithTags("Credentials").RequireAuthorization();
        credentials.MapGet("/", List);
        credentials.MapPost("/", Create);
        credentials.MapGet("/{id:guid}", Get);
        credentials.MapPatch("/{id:guid}", Update);
        credentials.MapDelete("/{id:guid}", Delete);
        return api;
    }

    private static Task<PagedResult<CredentialDto>> List(string workspace, Guid vaultId, HttpRequest request, ListCredentialsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, vaultId, ApiConventions.ListRequestOf(request), ct);

    private static async Task<IResult> Create(string workspace, Guid vaultId, CreateCredentialCommand command, CreateCredentialHandler handler, CancellationToken ct)
    {
        var credential = await handler.HandleAsync(workspace, vaultId, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/vaults/{vaultId}/credentials/{credential.Id}", credential);
    }

    private static async Task<IResult> Get(string workspace, Guid vaultId, Guid id, HttpContext http, GetCredentialHandler handler, CancellationToken ct)
    {
        var credential = await handler.HandleAsync(workspace, vaultId, id, ct);
        return ApiConventions.WithETag(http, credential, credential.Version);
    }

    private static async Task<IResult> Update(
        string workspace, Guid vaultId, Guid id, UpdateCredentialCommand command, HttpContext http, UpdateCredentialHandler handler, CancellationToken ct)
    {
        var credential = await handler.HandleAsync(workspace, vaultId, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(http, credential, credential.Version);
    }

    private static async Task<IResult> Delete(string workspace, Guid vaultId, Guid id, DeleteCredentialHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, vaultId, id, ct);
        return TypedResults.NoContent();
    }
}
