using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Application.Common;
using Symphony.Application.Identity;
using Symphony.Domain.Access;
using Symphony.Domain.Common;

namespace Symphony.Server.Pages.Identity;

/// <summary>
/// The platform's users (admins): create one; per user, change the role, disable or enable, reset the password, lift
/// the sign-in waits, delete (what cannot be undone asks first, naming the user).
/// </summary>
public sealed class UsersModel(
    ListUsersHandler list, CreateUserHandler create, UpdateUserHandler update, GetUserHandler get, ResetUserPasswordHandler reset,
    UnlockUserHandler unlock, DeleteUserHandler delete, ConsoleMessages messages) : PageModel
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
            Message = this.Say("User '{0}' created.", user.Username);
        }, ct);

    /// <summary>
    /// Disables or enables (<paramref name="disable"/>, what the button said). The version is read here: a sign-in of the
    /// user changes it, and must not make the admin's click a conflict; what is set is what the button said.
    /// </summary>
    public async Task<IActionResult> OnPostToggleAsync(Guid id, bool disable, CancellationToken ct) =>
        await RunAsync(async () =>
        {
            var updated = await update.HandleAsync(id, new UpdateUserCommand(IsDisabled: disable, Version: (await get.HandleAsync(id, ct)).Version), ct);
            Message = updated.IsDisabled ? this.Say("User '{0}' disabled: their sessions and tokens stop working.", updated.Username)
                : this.Say("User '{0}' enabled.", updated.Username);
        }, ct);

    public async Task<IActionResult> OnPostRoleAsync(Guid id, UserRole role, CancellationToken ct) =>
        await RunAsync(async () =>
        {
            var updated = await update.HandleAsync(id, new UpdateUserCommand(Role: role, Version: (await get.HandleAsync(id, ct)).Version), ct);
            Message = this.Say("User '{0}' is now {1}.", updated.Username, updated.Role.ToString().ToLowerInvariant());
        }, ct);

    public async Task<IActionResult> OnPostResetAsync(Guid id, string? newPassword, CancellationToken ct) =>
        await RunAsync(async () =>
        {
            await reset.HandleAsync(id, new ResetUserPasswordCommand(newPassword ?? ""), ct);
            Message = this.Say("Password of '{0}' reset: their sessions are signed out; give them the new one.", (await get.HandleAsync(id, ct)).Username);
        }, ct);

    public async Task<IActionResult> OnPostUnlockAsync(Guid id, CancellationToken ct) =>
        await RunAsync(async () =>
        {
            await unlock.HandleAsync(id, ct);
            Message = this.Say("The sign-in waits of '{0}' are lifted.", (await get.HandleAsync(id, ct)).Username);
        }, ct);

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct) =>
        await RunAsync(async () =>
        {
            var name = (await get.HandleAsync(id, ct)).Username;
            await delete.HandleAsync(id, ct);
            Message = this.Say("User '{0}' deleted.", name);
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
