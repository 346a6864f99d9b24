using Symphony.Application.Common;
using Symphony.Application.Workspaces;

namespace Symphony.Server.Api;

/// <summary>Workspaces and their members. {workspace} is an id or a slug.</summary>
public static class WorkspacesApi
{
    public static RouteGroupBuilder MapWorkspacesApi(this RouteGroupBuilder api)
    {
        var workspaces = api.MapGroup("/workspaces").WithTags("Workspaces").RequireAuthorization();
        workspaces.MapGet("/", List);
        workspaces.MapPost("/", Create);
        workspaces.MapGet("/{workspace}", Get);
        workspaces.MapPatch("/{workspace}", Update);
        workspaces.MapDelete("/{workspace}", Delete);
        workspaces.MapGet("/{workspace}/dashboard", (string workspace, Application.Dashboard.GetFleetOverviewHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, ct)).WithTags("Dashboard");

        var members = workspaces.MapGroup("/{workspace}/members").WithTags("Members");
        members.MapGet("/", ListMembers);
        members.MapPost("/", AddMember);
        members.MapPatch("/{userId:guid}", UpdateMember);
        members.MapDelete("/{userId:guid}", RemoveMember);
        return api;
    }

    private static Task<PagedResult<WorkspaceDto>> List(HttpRequest request, ListWorkspacesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(ApiConventions.ListRequestOf(request), ct);

    private static async Task<IResult> Create(CreateWorkspaceCommand command, CreateWorkspaceHandler handler, CancellationToken ct)
    {
        var workspace = await handler.HandleAsync(command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace.Slug}", workspace);
    }

    private static async Task<IResult> Get(string workspace, HttpContext http, GetWorkspaceHandler handler, CancellationToken ct)
    {
        var found = await handler.HandleAsync(workspace, ct);
        return ApiConventions.WithETag(http, found, found.Version);
    }

    private static async Task<IResult> Update(string workspace, UpdateWorkspaceCommand command, HttpContext http, UpdateWorkspaceHandler handler, CancellationToken ct)
    {
        var updated = await handler.HandleAsync(workspace, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(http, updated, updated.Version);
    }

    private static async Task<IResult> Delete(string workspace, DeleteWorkspaceHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, ct);
        return TypedResults.NoContent();
    }

    private static Task<PagedResult<MemberDto>> ListMembers(string workspace, HttpRequest request, ListMembersHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<IResult> AddMember(string workspace, AddMemberCommand command, AddMemberHandler handler, CancellationToken ct)
    {
        var member = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/members/{member.UserId}", member);
    }

    private static Task<MemberDto> UpdateMember(string workspace, Guid userId, UpdateMemberRoleCommand command, UpdateMemberRoleHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, userId, command, ct);

    private static async Task<IResult> RemoveMember(string workspace, Guid userId, RemoveMemberHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, userId, ct);
        return TypedResults.NoContent();
    }
}
