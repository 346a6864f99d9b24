using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Application.Common;
using Symphony.Application.Identity;
using Symphony.Domain.Access;
using Symphony.Domain.Common;

namespace Symphony.Server.Pages.Identity;

public sealed class UsersModel(ListUsersHandler list, CreateUserHandler create, UpdateUserHandler update, GetUserHandler get, ConsoleMessages messages) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    public PagedResult<UserDto> Users { get; private set; } = null!;
    public string? Message { get; private set; }
    public bool IsError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Message = TempData[WorkspacePage.NoticeKey] as string;
            await LoadAsync(ct);
            return Page();
        }
        catch (DomainException e) when (e.Code == MessageCodes.PermissionDenied)
        {
            return Forbid();
        }
    }

    public async Task<IActionResult> OnPostCreateAsync(string username, string password, UserRole role, string? displayName, CancellationToken ct) =>
        await RunAsync(async () =>
        {
            var user = await create.HandleAsync(new CreateUserCommand(username, password, role, displayName, null), ct);
            Message = $"User '{user.Username}' created.";
        }, ct);

    public async Task<IActionResult> OnPostToggleAsync(Guid id, int version, CancellationToken ct) =>
        await RunAsync(async () =>
        {
            var user = await get.HandleAsync(id, ct);
            var updated = await update.HandleAsync(id, new UpdateUserCommand(IsDisabled: !user.IsDisabled, Version: version), ct);
            Message = $"User '{updated.Username}' {(updated.IsDisabled ? "disabled" : "enabled")}.";
        }, ct);

    /// <summary>A change answers with a redirect to the page, its message carried over (a reload never sends it again); a refusal with the page.</summary>
    private async Task<IActionResult> RunAsync(Func<Task> action, CancellationToken ct)
    {
        try
        {
            await action();
            TempData[WorkspacePage.NoticeKey] = Message;
            return Redirect(Request.PathBase + Request.Path);
        }
        catch (DomainException e) when (e.Code == MessageCodes.PermissionDenied)
        {
            return Forbid();
        }
        catch (DomainException e)
        {
            (Message, IsError) = (messages.Describe(e), true);
            Response.StatusCode = e.Code.Status;
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Users = await list.HandleAsync(string.IsNullOrWhiteSpace(Search)
            ? ListRequest.Of(("limit", "100"))
            : ListRequest.Of(("limit", "100"), ("search", Search)), ct);
}
