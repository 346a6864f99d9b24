using Microsoft.AspNetCore.Http.HttpResults;
using Symphony.Application.Common;
using Symphony.Application.Identity;
using Symphony.Application.Workspaces;

namespace Symphony.Server.Api;

/// <summary>Workspaces and their members. {workspace} is an id or a slug.</summary>
public static class WorkspacesApi
{
    public static RouteGroupBuilder MapWorkspacesApi(this RouteGroupBuilder api)
    {
        var workspaces = api.MapGroup("/workspaces").WithTags("Workspaces").RequireAuthorization();
        workspaces.MapGet("/", List)
            .Describe("listWorkspaces", "List workspaces",
                "The workspaces the caller belongs to (every workspace for admins).");
        workspaces.MapPost("/", Create)
            .Describe("createWorkspace", "Create a workspace",
                "Admins and users allowed to create workspaces. The creator becomes its owner; slugs are unique.");
        workspaces.MapGet("/{workspace}", Get)
            .Describe("getWorkspace", "Get a workspace",
                "The workspace by slug or id, with its version as ETag.");
        workspaces.MapPatch("/{workspace}", Update)
            .Describe("updateWorkspace", "Update a workspace",
                "Workspace owners and admins only. Changes the name, description or settings; send the version read.");
        workspaces.MapDelete("/{workspace}", Delete)
            .Describe("deleteWorkspace", "Delete a workspace",
                "Workspace owners and admins only. Soft-deletes the workspace (never the default one) and frees its slug.");

        var members = workspaces.MapGroup("/{workspace}/members").WithTags("Members");
        members.MapGet("/", ListMembers)
            .Describe("listMembers", "List members",
                "The workspace's members and their roles.");
        members.MapPost("/", AddMember)
            .Describe("addMember", "Add a member",
                "Workspace owners and admins only. Gives a user a role in the workspace.");
        members.MapPatch("/{userId:guid}", UpdateMember)
            .Describe("updateMemberRole", "Change a member's role",
                "Workspace owners and admins only. The new role applies at the member's next request.");
        members.MapDelete("/{userId:guid}", RemoveMember)
            .Describe("removeMember", "Remove a member",
                "Workspace owners and admins only. The user loses access to the workspace at their next request.");
        var accounts = workspaces.MapGroup("/{workspace}/service-accounts").WithTags("Service accounts");
        accounts.MapGet("/", (string workspace, ListServiceAccountsHandler handler, CancellationToken ct) => handler.HandleAsync(workspace, ct))
            .Describe("listServiceAccounts", "List service accounts",
                "The workspace's service accounts: identities for pipelines, with their role in the workspace and how many live tokens each has.");
        accounts.MapPost("/", CreateServiceAccount)
            .Describe("createServiceAccount", "Create a service account",
                "Workspace owners and admins only, signed in in person. A user named `name@workspace` that belongs to this workspace alone, "
                + "with the role given (viewer by default), no password and no way to sign in: it acts only through its tokens.")
            .Example("""{"name": "ci", "role": "operator", "description": "Nightly syncs from the pipeline"}""");
        accounts.MapDelete("/{id:guid}", DeleteServiceAccount)
            .Describe("deleteServiceAccount", "Delete a service account",
                "Workspace owners and admins only. Its tokens are refused on every node from their next request (401 TOKEN_REVOKED).");
        accounts.MapGet("/{id:guid}/tokens", (string workspace, Guid id, ListServiceAccountTokensHandler handler, CancellationToken ct) =>
                handler.HandleAsync(workspace, id, ct))
            .Describe("listServiceAccountTokens", "List a service account's tokens",
                "Workspace owners and admins only. Live and revoked, newest first, with hint, expiry and last use; never the tokens.");
        accounts.MapPost("/{id:guid}/tokens", CreateServiceAccountToken)
            .Describe("createServiceAccountToken", "Create a service account's token",
                "Workspace owners and admins only, signed in in person. The token acts with the account's role, in this workspace only; "
                + "the answer is the only place it appears.")
            .Example("""{"name": "nightly-sync", "expires_in_days": 90}""");
        accounts.MapDelete("/{id:guid}/tokens/{tokenId:guid}", RevokeServiceAccountToken)
            .Describe("revokeServiceAccountToken", "Revoke a service account's token",
                "Workspace owners and admins only. Every node refuses it from its next request (401 TOKEN_REVOKED).");
        return api;
    }

    private static async Task<Created<ServiceAccountDto>> CreateServiceAccount(
        string workspace, CreateServiceAccountCommand command, CreateServiceAccountHandler handler, CancellationToken ct)
    {
        var account = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/service-accounts/{account.Id}/tokens", account);
    }

    private static async Task<NoContent> DeleteServiceAccount(string workspace, Guid id, DeleteServiceAccountHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Created<NewApiTokenDto>> CreateServiceAccountToken(
        string workspace, Guid id, CreateServiceAccountTokenCommand command, CreateServiceAccountTokenHandler handler, CancellationToken ct)
    {
        var token = await handler.HandleAsync(workspace, id, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/service-accounts/{id}/tokens", token);
    }

    private static async Task<NoContent> RevokeServiceAccountToken(string workspace, Guid id, Guid tokenId, RevokeServiceAccountTokenHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, tokenId, ct);
        return TypedResults.NoContent();
    }

    private static Task<PagedResult<WorkspaceDto>> List(HttpRequest request, ListWorkspacesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(ApiConventions.ListRequestOf(request), ct);

    private static async Task<Created<WorkspaceDto>> Create(CreateWorkspaceCommand command, CreateWorkspaceHandler handler, CancellationToken ct)
    {
        var workspace = await handler.HandleAsync(command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace.Slug}", workspace);
    }

    private static async Task<VersionedOk<WorkspaceDto>> Get(string workspace, GetWorkspaceHandler handler, CancellationToken ct)
    {
        var found = await handler.HandleAsync(workspace, ct);
        return ApiConventions.WithETag(found, found.Version);
    }

    private static async Task<VersionedOk<WorkspaceDto>> Update(string workspace, UpdateWorkspaceCommand command, HttpContext http, UpdateWorkspaceHandler handler, CancellationToken ct)
    {
        var updated = await handler.HandleAsync(workspace, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(updated, updated.Version);
    }

    private static async Task<NoContent> Delete(string workspace, DeleteWorkspaceHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, ct);
        return TypedResults.NoContent();
    }

    private static Task<PagedResult<MemberDto>> ListMembers(string workspace, HttpRequest request, ListMembersHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<Created<MemberDto>> AddMember(string workspace, AddMemberCommand command, AddMemberHandler handler, CancellationToken ct)
    {
        var member = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/members/{member.UserId}", member);
    }

    private static Task<MemberDto> UpdateMember(string workspace, Guid userId, UpdateMemberRoleCommand command, UpdateMemberRoleHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, userId, command, ct);

    private static async Task<NoContent> RemoveMember(string workspace, Guid userId, RemoveMemberHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, userId, ct);
        return TypedResults.NoContent();
    }
}
