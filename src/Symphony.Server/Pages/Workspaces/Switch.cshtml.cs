using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Domain.Common;

namespace Symphony.Server.Pages.Workspaces;

/// <summary>The workspace switcher's target: goes to the chosen workspace if the caller can see it.</summary>
public sealed class SwitchModel : PageModel
{
    public IActionResult OnGet(string? slug) =>
        slug is not null && (Names.Slug().IsMatch(slug) || Guid.TryParse(slug, out _))
            ? Redirect($"/workspaces/{Uri.EscapeDataString(slug)}/members")
            : Redirect("/");
}
