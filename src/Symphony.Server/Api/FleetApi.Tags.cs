using Microsoft.AspNetCore.Http.HttpResults;
using Symphony.Application.Common;
using Symphony.Application.Fleet.Tags;

namespace Symphony.Server.Api;

/// <summary>The fleet's tags: a workspace's labels for instances, and their bulk assignment.</summary>
public static partial class FleetApi
{
    private static void MapTags(RouteGroupBuilder api)
    {
        var tags = api.MapGroup("/workspaces/{workspace}/tags").WithTags("Tags").RequireAuthorization();
        tags.MapGet("/", ListTags)
            .Describe("listTags", "List tags",
                "The workspace's tags with how many instances carry each.");
        tags.MapPost("/", CreateTag)
            .Describe("createTag", "Create a tag",
                "A tag code is lower case, unique in the workspace.");
        tags.MapGet("/{id:guid}", GetTag)
            .Describe("getTag", "Get a tag",
                "The tag with its version as ETag.");
        tags.MapPatch("/{id:guid}", UpdateTag)
            .Describe("updateTag", "Update a tag",
                "Send the version read (body or If-Match).");
        tags.MapDelete("/{id:guid}", DeleteTag)
            .Describe("deleteTag", "Delete a tag",
                "409 TAG_IN_USE while instances carry the tag, unless `force=true`.")
            .QueryText("force", "`true` deletes the tag although instances carry it, taking it off them.", ["true", "false"], "false");
        tags.MapPost("/actions/assign", (string workspace, TagAssignmentCommand command, AssignTagsHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, command, ct))
            .Describe("assignTags", "Tag instances",
                "Puts the given tags on the given instances; already tagged ones stay as they are.")
            .Example("""{"tags": ["payments"], "instance_ids": ["0196b3a2-5a4e-7c1d-9f1e-2b3c4d5e6f70"]}""");
        tags.MapPost("/actions/remove", (string workspace, TagAssignmentCommand command, RemoveTagsHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, command, all: false, ct))
            .Describe("removeTags", "Untag instances",
                "Takes the given tags off the given instances.");
        tags.MapPost("/actions/remove-all", (string workspace, TagAssignmentCommand command, RemoveTagsHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, command, all: true, ct))
            .Describe("removeAllTags", "Remove every tag from instances",
                "Takes every tag off the given instances.");
    }

    private static Task<PagedResult<TagDto>> ListTags(string workspace, HttpRequest request, ListTagsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<Created<TagDto>> CreateTag(string workspace, CreateTagCommand command, CreateTagHandler handler, CancellationToken ct)
    {
        var tag = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/tags/{tag.Id}", tag);
    }

    private static async Task<VersionedOk<TagDto>> GetTag(string workspace, Guid id, GetTagHandler handler, CancellationToken ct)
    {
        var tag = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(tag, tag.Version);
    }

    private static async Task<VersionedOk<TagDto>> UpdateTag(string workspace, Guid id, UpdateTagCommand command, HttpContext http, UpdateTagHandler handler, CancellationToken ct)
    {
        var tag = await handler.HandleAsync(workspace, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(tag, tag.Version);
    }

    /// <summary>409 TAG_IN_USE while instances carry the tag, unless <c>?force=true</c>.</summary>
    private static async Task<NoContent> DeleteTag(string workspace, Guid id, string? force, DeleteTagHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, ApiConventions.ForceOf(force), ct);
        return TypedResults.NoContent();
    }
}
