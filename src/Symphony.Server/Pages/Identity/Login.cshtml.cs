using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Application.Identity;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;
using Symphony.Server.Api;
using Symphony.Server.Hosting;

namespace Symphony.Server.Pages.Identity;

public sealed class LoginModel(LoginHandler login, IAntiforgery antiforgery, ConsoleMessages messages, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Username { get; set; }
    [BindProperty] public string? Password { get; set; }
    /// <summary>Why the sign-in was refused (the view says it in the reader's language), or null.</summary>
    public MessageCode? Refusal { get; private set; }
    /// <summary>How long to wait before the next try, when the refusal is a wait.</summary>
    public int? WaitSeconds { get; private set; }
    /// <summary>A refusal the page has no text of its own for (the store out), said as every page says one.</summary>
    public string? Other { get; private set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var result = await login.HandleAsync(new LoginCommand(Username ?? "", Password ?? ""), AuthSessionKind.Web, ct);
            await IdentityApi.SignInCookieAsync(HttpContext, antiforgery, result);
            // The language of the person's profile, in any browser they sign in from.
            ConsoleLanguages.Remember(HttpContext, ConsoleLanguages.PreferredIn(result.User.Preferences), clock);
            return LocalRedirect(SafeReturnUrl);
        }
        catch (DomainException e)
        {
            Refusal = e.Code;
            Other = messages.Describe(e);
            WaitSeconds = e.RetryAfter is { } wait ? (int)Math.Ceiling(wait.TotalSeconds) : null;
            Response.StatusCode = e.Code.Status;
            return Page();
        }
    }

    private string SafeReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
}
