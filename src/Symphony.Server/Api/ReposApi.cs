using Symphony.Application.Common;
using Symphony.Application.Repos;

namespace Symphony.Server.Api;

public static class ReposApi
{
    public static RouteGroupBuilder MapReposApi(this RouteGroupBuilder api)
    {
        var repos = api.MapGroup("/workspaces/{workspace}/repos").WithTags("Repos").RequireAuthorization();
        repos.MapGet("/", List);
        repos.MapPost("/", Create);
        repos.MapGet("/{id:guid}", Get);
        repos.MapPatch("/{id:guid}", Update);
        repos.MapDelete("/{id:guid}", Delete);
        return api;
    }

    private static Task<PagedResult<RepoDto>> List(string workspace, HttpRequest request, ListReposHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<IResult> Create(string workspace, CreateRepoCommand command, CreateRepoHandler handler, CancellationToken ct)
    {
        var repo = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/repos/{repo.Id}", repo);
    }

    private static async Task<IResult> Get(string workspace, Guid id, HttpContext http, GetRepoHandler handler, CancellationToken ct)
    {
        var repo = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(http, repo, repo.Version);
    }

    private static async Task<IResult> Update(string workspace, Guid id, UpdateRepoCommand command, HttpContext http, UpdateRepoHandler handler, CancellationToken ct)
    {
        var repo = await handler.HandleAsync(workspace, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(http, repo, repo.Version);
    }

    private static async Task<IResult> Delete(string workspace, Guid id, DeleteRepoHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, ct);
        return TypedResults.NoContent();
    }
}
