using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;

namespace Symphony.Server.Pages;

/// <summary>What the layout shows on every page: who is signed in and which workspaces they can switch to.</summary>
public sealed class ConsoleContext(ICurrentUser caller, ListWorkspacesHandler workspaces)
{
    public const string WorkspaceCookie = "symphony_workspace";

    public bool IsSignedIn => caller.UserId is not null;
    public string? Username => caller.Username;
    public bool IsAdmin => caller.Role == UserRole.Admin;

    public async Task<IReadOnlyList<WorkspaceDto>> WorkspacesAsync(CancellationToken ct) =>
        IsSignedIn ? (await workspaces.HandleAsync(ListRequest.Of(("limit", "200")), ct)).Items : [];
}
