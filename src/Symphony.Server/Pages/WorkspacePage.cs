using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;

namespace Symphony.Server.Pages;

/// <summary>
/// A console page of one workspace: the workspace must be visible to the caller (404 otherwise) and becomes the
/// switcher's choice; a domain error of the page's action becomes a message on the page with its HTTP status.
/// </summary>
public abstract class WorkspacePage(GetWorkspaceHandler getWorkspace) : PageModel
{
    public WorkspaceDto Workspace { get; private set; } = null!;
    public string? Message { get; protected set; }
    public bool IsError { get; private set; }

    /// <summary>What a caller whose role does not allow the action is told.</summary>
    protected virtual string DeniedMessage => "Your role in this workspace does not allow this.";

    /// <summary>Runs the action (if any), then loads what the page shows; not-found resources of the page are 404.</summary>
    protected async Task<IActionResult> RunAsync(string workspace, Func<Task>? action, Func<Task> load, CancellationToken ct)
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
        if (action is not null)
        {
            try
            {
                await action();
            }
            catch (DomainException e) when (e.Code == MessageCodes.PermissionDenied)
            {
                (Message, IsError) = (DeniedMessage, true);
                Response.StatusCode = 403;
            }
            catch (DomainException e) when (e.Code != MessageCodes.ResourceNotFound)
            {
                (Message, IsError) = (PageErrors.Describe(e), true);
                Response.StatusCode = e.Code.Status;
            }
        }
        try
        {
            await load();
        }
        catch (DomainException e) when (e.Code == MessageCodes.ResourceNotFound)
        {
            return NotFound();
        }
        return Page();
    }
}
