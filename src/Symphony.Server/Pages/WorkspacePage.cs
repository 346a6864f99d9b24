using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;

namespace Symphony.Server.Pages;

/// <summary>
/// A console page of one workspace: the workspace must be visible to the caller (404 otherwise) and becomes the
/// switcher's choice; a domain error of the page's action becomes a message on the page with its HTTP status. A
/// form that changed something answers with a redirect to the page (post, redirect, get), its message carried
/// over, so that reloading the page never sends the form again; a form that only shows something (a preview, a
/// connection test) answers with the page.
/// </summary>
public abstract class WorkspacePage(GetWorkspaceHandler getWorkspace) : PageModel
{
    /// <summary>Where a message waits for the page a redirect leads to.</summary>
    public const string NoticeKey = "notice";

    public WorkspaceDto Workspace { get; private set; } = null!;
    public string? Message { get; protected set; }
    public bool IsError { get; private set; }

    /// <summary>Set by an action that shows what it did on the page (a preview, a test, its mistakes), which is not redirected.</summary>
    protected bool Stays { get; set; }

    /// <summary>A refusal said in the reader's language.</summary>
    private ConsoleMessages Messages => HttpContext.RequestServices.GetRequiredService<ConsoleMessages>();

    /// <summary>What a caller whose role does not allow the action is told.</summary>
    protected virtual string DeniedMessage => "Your role in this workspace does not allow this.";

    /// <summary>
    /// Runs the action (if any), then loads what the page shows; not-found resources of the page are 404. A posted
    /// action that succeeds redirects to <paramref name="after"/> (by default this page without the handler) unless
    /// it <see cref="Stays"/> to show something.
    /// </summary>
    protected async Task<IActionResult> RunAsync(string workspace, Func<Task>? action, Func<Task> load, CancellationToken ct, string? after = null)
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
        // What the form that redirected here said.
        if (HttpMethods.IsGet(Request.Method))
            Message = TempData[NoticeKey] as string;
        if (action is not null)
        {
            try
            {
                await action();
                if (!Stays && HttpMethods.IsPost(Request.Method))
                {
                    if (Message is not null) TempData[NoticeKey] = Message;
                    return Redirect(after ?? Here());
                }
            }
            catch (DomainException e) when (e.Code == MessageCodes.PermissionDenied)
            {
                (Message, IsError) = (Messages.Describe(e.Code, DeniedMessage), true);
                Response.StatusCode = 403;
            }
            catch (DomainException e) when (e.Code != MessageCodes.ResourceNotFound)
            {
                (Message, IsError) = (Messages.Describe(e), true);
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

    /// <summary>This page as a GET: the path and its query without the form's handler.</summary>
    protected string Here()
    {
        var query = Request.Query.Where(q => !string.Equals(q.Key, "handler", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}")).ToList();
        return Request.PathBase + Request.Path + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }
}
