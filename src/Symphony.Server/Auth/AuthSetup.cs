using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Symphony.Application.Identity;
using Symphony.Domain.Common;
using Symphony.Server.Errors;

namespace Symphony.Server.Auth;

public static class AuthSetup
{
    public const string CookieName = "symphony_session";
    public const string CsrfCookieName = "symphony_csrf";
    public const string CsrfHeaderName = "X-CSRF-Token";
    private const string Smart = "Symphony";

    /// <summary>One default scheme that picks bearer when an Authorization header is present, the cookie otherwise.</summary>
    public static IServiceCollection AddSymphonyAuth(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<Application.Common.ICurrentUser, HttpCurrentUser>();
        services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, Smart, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/forbidden";
                o.ReturnUrlParameter = "returnUrl";
                o.SlidingExpiration = false;
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = ValidateSessionAsync,
                    OnRedirectToLogin = context => Problems.IsApi(context.HttpContext)
                        ? Problems.WriteAsync(context.HttpContext, MessageCodes.AuthenticationRequired, "Sign in first.")
                        : Redirect(context),
                    OnRedirectToAccessDenied = context => Problems.IsApi(context.HttpContext)
                        ? Problems.WriteAsync(context.HttpContext, MessageCodes.PermissionDenied, "Your role does not allow this.")
                        : Redirect(context),
                };
            });
        services.AddAuthorization();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = CsrfHeaderName;
            o.Cookie.Name = CsrfCookieName;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    /// <summary>A cookie is only as good as its session: revoked, expired or disabled means signed out.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var userId = SymphonyClaims.Get(principal, SymphonyClaims.UserId);
        var sessionId = SymphonyClaims.Get(principal, SymphonyClaims.SessionId);
        var check = context.HttpContext.RequestServices.GetRequiredService<SessionCheck>();
        var (session, _) = userId is { } u && sessionId is { } s
            ? await check.CheckAsync(s, u, context.HttpContext.RequestAborted)
            : (null, null);
        if (session is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        context.ReplacePrincipal(SymphonyClaims.Principal(session, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
