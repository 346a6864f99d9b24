using Symphony.Application.Common;
using Symphony.Application.Fleet.Tags;
using Symphony.Domain.Common;

namespace Symphony.Server.Api;

/// <summary>Tags of a workspace and their bulk assignment to instances.</summary>
public static class TagsApi
{
    public static RouteGroupBuilder MapTagsApi(this RouteGroupBuilder api)
    {
        var tags = api.MapGroup("/workspaces/{workspace}/tags").WithTags("Tags").RequireAuthorization();
        tags.MapGet("/", List);
        tags.MapPost("/", Create);
        tags.MapGet("/{id:guid}", Get);
        tags.MapPatch("/{id:guid}", Update);
        tags.MapDelete("/{id:guid}", Delete);
        tags.MapPost("/actions/assign", (string workspace, TagAssignmentCommand command, AssignTagsHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, command, ct));
        tags.MapPost("/actions/remove", (string workspace, TagAssignmentCommand command, RemoveTagsHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, command, all: false, ct));
        tags.MapPost("/actions/remove-all", (string workspace, TagAssignmentCommand command, RemoveTagsHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, command, all: true, ct));
        return api;
    }

    private static Task<PagedResult<TagDto>> List(string workspace, HttpRequest request, ListTagsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<IResult> Create(string workspace, CreateTagCommand command, CreateTagHandler handler, CancellationToken ct)
    {
        var tag = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/tags/{tag.Id}", tag);
    }

    private static async Task<IResult> Get(string workspace, Guid id, HttpContext http, GetTagHandler handler, CancellationToken ct)
    {
        var tag = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(http, tag, tag.Version);
    }

    private static async Task<IResult> Update(string workspace, Guid id, UpdateTagCommand command, HttpContext http, UpdateTagHandler handler, CancellationToken ct)
    {
        var tag = await handler.HandleAsync(workspace, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(http, tag, tag.Version);
    }

    /// <summary>409 TAG_IN_USE while instances carry the tag, unless <c>?force=true</c>.</summary>
    private static async Task<IResult> Delete(string workspace, Guid id, string? force, DeleteTagHandler handler, CancellationToken ct)
    {
        bool forced;
        try
        {
            forced = force is not null && FilterValues.Bool(force);
        }
        catch (FormatException e)
        {
            throw DomainException.Validation("force", e.Message);
        }
        await handler.HandleAsync(workspace, id, forced, ct);
        return TypedResults.NoContent();
    }
}
