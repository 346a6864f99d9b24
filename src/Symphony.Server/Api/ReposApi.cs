using Microsoft.AspNetCore.Http.HttpResults;
using Symphony.Application.Common;
using Symphony.Application.Repos;

namespace Symphony.Server.Api;

public static class ReposApi
{
    public static RouteGroupBuilder MapReposApi(this RouteGroupBuilder api)
    {
        var repos = api.MapGroup("/workspaces/{workspace}/repos").WithTags("Repos").RequireAuthorization();
        repos.MapGet("/", List)
            .Describe("listRepos", "List repositories",
                "The workspace's code repositories.");
        repos.MapPost("/", Create)
            .Describe("createRepo", "Register a repository",
                "Records a repository by local path or remote URL.");
        repos.MapGet("/{id:guid}", Get)
            .Describe("getRepo", "Get a repository",
                "The repository with its version as ETag.");
        repos.MapPatch("/{id:guid}", Update)
            .Describe("updateRepo", "Update a repository",
                "Send the version read (body or If-Match).");
        repos.MapDelete("/{id:guid}", Delete)
            .Describe("deleteRepo", "Delete a repository",
                "A soft delete: the repository stays readable with include_deleted.");
        return api;
    }

    private static Task<PagedResult<RepoDto>> List(string workspace, HttpRequest request, ListReposHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<Created<RepoDto>> Create(string workspace, CreateRepoCommand command, CreateRepoHandler handler, CancellationToken ct)
    {
        var repo = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/repos/{repo.Id}", repo);
    }

    private static async Task<VersionedOk<RepoDto>> Get(string workspace, Guid id, GetRepoHandler handler, CancellationToken ct)
    {
        var repo = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(repo, repo.Version);
    }

    private static async Task<VersionedOk<RepoDto>> Update(string workspace, Guid id, UpdateRepoCommand command, HttpContext http, UpdateRepoHandler handler, CancellationToken ct)
    {
        var repo = await handler.HandleAsync(workspace, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(repo, repo.Version);
    }

    private static async Task<NoContent> Delete(string workspace, Guid id, DeleteRepoHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, ct);
        return TypedResults.NoContent();
    }
}
