using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;

namespace Symphony.Server.Pages.Workspaces;

public sealed class MembersModel(
    GetWorkspaceHandler getWorkspace, ListMembersHandler list, AddMemberHandler add, UpdateMemberRoleHandler updateRole,
    RemoveMemberHandler remove) : WorkspacePage(getWorkspace)
{
    public PagedResult<MemberDto> Members { get; private set; } = null!;

    protected override string DeniedMessage => "Only workspace owners can change members.";

    public Task<IActionResult> OnGetAsync(string workspace, CancellationToken ct) => RunAsync(workspace, null, () => LoadAsync(workspace, ct), ct);

    public Task<IActionResult> OnPostAddAsync(string workspace, string username, WorkspaceRole role, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var member = await add.HandleAsync(workspace, new AddMemberCommand(role, Username: username), ct);
            Message = $"'{member.Username}' added as {member.Role.ToString().ToLowerInvariant()}.";
        }, () => LoadAsync(workspace, ct), ct);

    public Task<IActionResult> OnPostRoleAsync(string workspace, Guid userId, WorkspaceRole role, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var member = await updateRole.HandleAsync(workspace, userId, new UpdateMemberRoleCommand(role), ct);
            Message = $"'{member.Username}' is now {member.Role.ToString().ToLowerInvariant()}.";
        }, () => LoadAsync(workspace, ct), ct);

    public Task<IActionResult> OnPostRemoveAsync(string workspace, Guid userId, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            await remove.HandleAsync(workspace, userId, ct);
            Message = "Member removed.";
        }, () => LoadAsync(workspace, ct), ct);

    private async Task LoadAsync(string workspace, CancellationToken ct) =>
        Members = await list.HandleAsync(workspace, ListRequest.Of(("limit", "200")), ct);
}
