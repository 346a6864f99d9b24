using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Symphony.Domain.Common;
using Symphony.Server.Errors;

namespace Symphony.Server.Auth;

/// <summary>Marks an anonymous endpoint that still needs the CSRF header (login, against login CSRF).</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RequireCsrfAttribute : Attribute;

/// <summary>
/// Unsafe API calls authenticated by the cookie must carry X-CSRF-Token: a browser sends the cookie
/// on its own, but only our pages can read the token. Bearer calls need none: a token is never ambient.
/// </summary>
public sealed class CsrfMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (Problems.IsApi(http) && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && !HttpMethods.IsOptions(http.Request.Method) && !HttpMethods.IsTrace(http.Request.Method))
        {
            var byCookie = http.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme };
            var demanded = http.GetEndpoint()?.Metadata.GetMetadata<RequireCsrfAttribute>() is not null;
            if (byCookie || demanded)
            {
                if (string.IsNullOrEmpty(http.Request.Headers[AuthSetup.CsrfHeaderName]))
                {
                    await Problems.WriteAsync(http, MessageCodes.CsrfMissing, $"Send the {AuthSetup.CsrfHeaderName} header from GET /api/v1/auth/csrf-token.");
                    return;
                }
                if (!await antiforgery.IsRequestValidAsync(http))
                {
                    await Problems.WriteAsync(http, MessageCodes.CsrfInvalid, $"The {AuthSetup.CsrfHeaderName} header does not match this session; fetch a new one.");
                    return;
                }
            }
        }
        await next(http);
    }
}
