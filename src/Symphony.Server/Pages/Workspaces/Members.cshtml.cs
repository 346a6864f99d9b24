using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Server.Pages.Workspaces;

public sealed class MembersModel(
    GetWorkspaceHandler getWorkspace, ListMembersHandler list, AddMemberHandler add, UpdateMemberRoleHandler updateRole,
    RemoveMemberHandler remove) : PageModel
{
    public WorkspaceDto Workspace { get; private set; } = null!;
    public PagedResult<MemberDto> Members { get; private set; } = null!;
    public string? Message { get; private set; }
    public bool IsError { get; private set; }

    public Task<IActionResult> OnGetAsync(string workspace, CancellationToken ct) => RunAsync(workspace, () => Task.CompletedTask, ct);

    public Task<IActionResult> OnPostAddAsync(string workspace, string username, WorkspaceRole role, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var member = await add.HandleAsync(workspace, new AddMemberCommand(role, Username: username), ct);
            Message = $"'{member.Username}' added as {member.Role.ToString().ToLowerInvariant()}.";
        }, ct);

    public Task<IActionResult> OnPostRoleAsync(string workspace, Guid userId, WorkspaceRole role, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var member = await updateRole.HandleAsync(workspace, userId, new UpdateMemberRoleCommand(role), ct);
            Message = $"'{member.Username}' is now {member.Role.ToString().ToLowerInvariant()}.";
        }, ct);

    public Task<IActionResult> OnPostRemoveAsync(string workspace, Guid userId, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            await remove.HandleAsync(workspace, userId, ct);
            Message = "Member removed.";
        }, ct);

    private async Task<IActionResult> RunAsync(string workspace, Func<Task> action, CancellationToken ct)
    {
        try
        {
            Workspace = await getWorkspace.HandleAsync(workspace, ct);
        }
        catch (DomainException e) when (e.Code == MessageCodes.ResourceNotFound)
        {
            return NotFound();
        }
        Response.Cookies.Append(ConsoleContext.WorkspaceCookie, Workspace.Slug,
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
        try
        {
            await action();
        }
        catch (DomainException e) when (e.Code == MessageCodes.PermissionDenied)
        {
            (Message, IsError) = ("Only workspace owners can change members.", true);
            Response.StatusCode = 403;
        }
        catch (DomainException e)
        {
            (Message, IsError) = (PageErrors.Describe(e), true);
            Response.StatusCode = e.Code.Status;
        }
        Members = await list.HandleAsync(workspace, ListRequest.Of(("limit", "200")), ct);
        return Page();
    }
}
