using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Domain.Common;

namespace Symphony.Server.Pages.Workspaces;

/// <summary>
/// The workspace switcher's target: the same section of the chosen workspace (its instances for its instances, say),
/// or its dashboard when the page left was a workspace's page of one thing (an instance, a run) or no workspace's.
/// </summary>
public sealed class SwitchModel : PageModel
{
    /// <summary>The sections a workspace's console has, each a page of its own under /workspaces/{slug}/.</summary>
    private static readonly string[] Sections =
        ["instances", "accounts", "classifications", "tags", "vaults", "automations", "capacity", "runs", "scheduler", "members"];

    public IActionResult OnGet(string? slug, string? section) =>
        slug is not null && (Names.Slug().IsMatch(slug) || Guid.TryParse(slug, out _))
            ? Redirect($"/workspaces/{Uri.EscapeDataString(slug)}{(section is not null && Sections.Contains(section) ? "/" + section : "")}")
            : Redirect("/");

    /// <summary>The section of a console path (/workspaces/prod/runs/... is runs), or null.</summary>
    public static string? SectionOf(PathString path)
    {
        var parts = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts is ["workspaces", _, var section, ..] && Sections.Contains(section) ? section : null;
    }
}
