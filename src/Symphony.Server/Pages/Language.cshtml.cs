using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Server.Hosting;

namespace Symphony.Server.Pages;

/// <summary>
/// The language switcher's form: keeps the chosen language in a cookie for a year and goes back to the page it was
/// sent from. Open to everyone, so the sign-in page can be read in either language.
/// </summary>
public sealed class LanguageModel(TimeProvider clock) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        ConsoleLanguages.Remember(HttpContext, culture, clock);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
