using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
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
    /// <summary>The fields a refusal named, each shown beside its field (<see cref="ErrorOf"/>).</summary>
    public IReadOnlyList<FieldError> FieldErrors { get; private set; } = [];
    /// <summary>Whether the caller's role in the workspace may change what it holds: actions it may not take are not shown.</summary>
    public bool CanWrite { get; private set; }

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
        CanWrite = await AllowsAsync(Permission.WriteWorkspace, ct);
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
                    return Redirect(after ?? Link());
                }
            }
            catch (DomainException e) when (e.Code == MessageCodes.PermissionDenied)
            {
                (Message, IsError) = (Messages.Describe(e.Code, DeniedMessage), true);
                Response.StatusCode = 403;
            }
            catch (DomainException e) when (e.Code != MessageCodes.ResourceNotFound)
            {
                Refuse(e);
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

    /// <summary>Says a refusal on the page, each field it names beside that field, with its HTTP status.</summary>
    protected void Refuse(DomainException e)
    {
        (Message, IsError, FieldErrors) = (Messages.Describe(e), true, e.Errors);
        Response.StatusCode = e.Code.Status;
    }

    /// <summary>Whether the caller's role in the workspace allows <paramref name="permission"/> (what a page offers).</summary>
    protected async Task<bool> AllowsAsync(Permission permission, CancellationToken ct) =>
        (await HttpContext.RequestServices.GetRequiredService<WorkspaceAccess>().RequireAsync(Workspace.Slug, Permission.ReadWorkspace, permission, ct)).AlsoAllowed;

    /// <summary>What a refusal said of <paramref name="field"/> (its name in the API, snake_case), if it named it.</summary>
    public string? ErrorOf(string field) =>
        FieldErrors.FirstOrDefault(e => string.Equals(e.Field, field, StringComparison.OrdinalIgnoreCase))?.Message;

    /// <summary>The order a click on a column's heading asks for: ascending, the other way when the list is sorted by it so.</summary>
    public static string NextOrder(string column, string? sortedBy, string? order) => sortedBy == column && order != "desc" ? "desc" : "asc";

    /// <summary>"▲" or "▼" beside the column a list is sorted by.</summary>
    public static string SortMark(string column, string? sortedBy, string? order) => sortedBy != column ? "" : order == "desc" ? " ▼" : " ▲";

    /// <summary>
    /// This page as a GET (without a form's handler), with some query values changed (null removes one): where a form
    /// redirects, and the links of a pager, a sort, a filter.
    /// </summary>
    public string Link(params (string Key, string? Value)[] changes)
    {
        var query = Request.Query.Where(q => !string.Equals(q.Key, "handler", StringComparison.OrdinalIgnoreCase) && !changes.Any(c => string.Equals(c.Key, q.Key, StringComparison.OrdinalIgnoreCase)))
            .SelectMany(q => q.Value.Select(v => (q.Key, Value: v ?? "")))
            .Concat(changes.Where(c => !string.IsNullOrEmpty(c.Value)).Select(c => (c.Key, Value: c.Value!)))
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}").ToList();
        return Request.PathBase + Request.Path + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }
}
