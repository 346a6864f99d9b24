using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Application.Identity;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;
using Symphony.Server.Api;

namespace Symphony.Server.Pages.Identity;

public sealed class LoginModel(LoginHandler login, IAntiforgery antiforgery) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Username { get; set; }
    [BindProperty] public string? Password { get; set; }
    public string? Error { get; private set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var result = await login.HandleAsync(new LoginCommand(Username ?? "", Password ?? ""), AuthSessionKind.Web, ct);
            await IdentityApi.SignInCookieAsync(HttpContext, antiforgery, result);
            return LocalRedirect(SafeReturnUrl);
        }
        catch (DomainException e)
        {
            Error = e.Code == MessageCodes.ValidationError ? "Enter your username and password." : e.Message;
            Response.StatusCode = e.Code.Status;
            return Page();
        }
    }

    private string SafeReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
}
