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
        if (ConsoleLanguages.CookieValue(culture) is { } value)
            Response.Cookies.Append(ConsoleLanguages.Cookie, value, new CookieOptions
            {
                Expires = clock.GetUtcNow().AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = Request.IsHttps,
            });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
