using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Application.Identity;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Common;

namespace Symphony.Server.Pages;

/// <summary>The home page: who is signed in, their workspaces, and a new workspace for operators and admins.</summary>
public sealed class IndexModel(GetMeHandler me, CreateWorkspaceHandler create, ConsoleMessages messages) : PageModel
{
    public MeDto Me { get; private set; } = null!;
    /// <summary>Operators and admins may make workspaces (the role table's CreateWorkspace); others are not offered it.</summary>
    public bool CanCreateWorkspace => Me.User.Role >= UserRole.Operator;
    public string? Error { get; private set; }
    public IReadOnlyList<FieldError> FieldErrors { get; private set; } = [];
    /// <summary>The new workspace's form as sent, when it was refused.</summary>
    public (string? Slug, string? Name, string? Description) Typed { get; private set; }

    public string? ErrorOf(string field) => FieldErrors.FirstOrDefault(e => string.Equals(e.Field, field, StringComparison.OrdinalIgnoreCase))?.Message;

    public async Task OnGetAsync(CancellationToken ct) => Me = await me.HandleAsync(ct);

    /// <summary>Makes the workspace (its maker becomes its owner) and opens it.</summary>
    public async Task<IActionResult> OnPostCreateWorkspaceAsync(string? slug, string? name, string? description, CancellationToken ct)
    {
        try
        {
            var workspace = await create.HandleAsync(new CreateWorkspaceCommand(slug?.Trim() ?? "", name?.Trim() ?? "", string.IsNullOrWhiteSpace(description) ? null : description.Trim()), ct);
            TempData[WorkspacePage.NoticeKey] = this.Say("Workspace '{0}' created; you are its owner.", workspace.Name);
            return LocalRedirect($"/workspaces/{workspace.Slug}");
        }
        catch (DomainException e)
        {
            (Error, FieldErrors, Typed) = (messages.Describe(e), e.Errors, (slug, name, description));
            Response.StatusCode = e.Code.Status;
            Me = await me.HandleAsync(ct);
            return Page();
        }
    }
}
