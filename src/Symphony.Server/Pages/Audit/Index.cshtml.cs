using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Application.Audit;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;

namespace Symphony.Server.Pages.Audit;

/// <summary>The platform audit log for administrators, filtered by actor, action, workspace and time range.</summary>
public sealed class AuditModel(ListAuditEventsHandler list, ConsoleContext console) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Workspace { get; set; }
    [BindProperty(SupportsGet = true)] public string? Since { get; set; }
    [BindProperty(SupportsGet = true)] public string? Until { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    public PagedResult<AuditEventDto> Events { get; private set; } = new([], 0, 1, 0, 50);
    public IReadOnlyList<WorkspaceDto> Workspaces { get; private set; } = [];
    public string? Message { get; private set; }

    public string? SlugOf(Guid? workspaceId) => Workspaces.FirstOrDefault(w => w.Id == workspaceId)?.Slug;

    /// <summary>The query string of this page with the current filters and another page number.</summary>
    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["actor"] = Actor, ["action"] = Action, ["workspace"] = Workspace, ["since"] = Since, ["until"] = Until, ["page"] = page.ToString(CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToString();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!console.IsAdmin) return Forbid();
        Workspaces = await console.WorkspacesAsync(ct);
        var request = new List<(string, string)> { ("limit", "50"), ("page", (PageNumber ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        if (!string.IsNullOrWhiteSpace(Actor)) request.Add(("actor", Actor.Trim()));
        if (!string.IsNullOrWhiteSpace(Action)) request.Add(("action", Action.Trim()));
        if (!string.IsNullOrWhiteSpace(Workspace))
        {
            if (Workspaces.FirstOrDefault(w => w.Slug == Workspace) is not { } workspace) return Problem($"No workspace '{Workspace}'.");
            request.Add(("workspace_id", workspace.Id.ToString()));
        }
        if (!string.IsNullOrWhiteSpace(Since)) request.Add(("since", Since));
        if (!string.IsNullOrWhiteSpace(Until)) request.Add(("until", Until));
        try
        {
            Events = await list.HandleAsync(ListRequest.Of([.. request]), ct);
        }
        catch (DomainException e) when (e.Code == MessageCodes.ValidationError)
        {
            return Problem(PageErrors.Describe(e));
        }
        return Page();
    }

    private PageResult Problem(string message)
    {
        Message = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
