using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Symphony.Application.Identity;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;
using Symphony.Infrastructure.Identity;
using Symphony.Server.Errors;

namespace Symphony.Server.Auth;

/// <summary>
/// Authenticates "Authorization: Bearer &lt;access token&gt;": a valid signature and lifetime, then a live
/// session in the database, so logout and revocation take effect at once on every node.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    JwtAccessTokens tokens, SessionCheck sessions, ApiTokenCheck apiTokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    private const string FailureKey = "symphony.auth_failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();

        var presented = header["Bearer ".Length..].Trim();
        if (presented.StartsWith(ApiToken.Prefix, StringComparison.Ordinal))
            return await PersonalAccessTokenAsync(presented);

        var claims = await tokens.ValidateAsync(presented);
        if (claims is not { } ids)
            return Fail(MessageCodes.AuthenticationRequired, "The access token is invalid or has expired.");

        var (principal, failure) = await sessions.CheckAsync(ids.SessionId, ids.UserId, Context.RequestAborted);
        if (principal is null)
            return Fail(failure!, failure == MessageCodes.AccountDisabled ? "The account is disabled." : "The session of this token was revoked.");
        return AuthenticateResult.Success(new AuthenticationTicket(SymphonyClaims.Principal(principal, SchemeName), SchemeName));
    }

    /// <summary>A personal access token: no CSRF step, its scope on the principal; revoked or expired is 401 TOKEN_REVOKED.</summary>
    private async Task<AuthenticateResult> PersonalAccessTokenAsync(string token)
    {
        var (principal, scope, failure) = await apiTokens.CheckAsync(token, Context.RequestAborted);
        if (principal is null)
            return Fail(failure!, failure == MessageCodes.AccountDisabled ? "The account is disabled."
                : failure == MessageCodes.TokenRevoked ? "The token was revoked or has expired." : "The token is not valid.");
        return AuthenticateResult.Success(new AuthenticationTicket(SymphonyClaims.Principal(principal, SchemeName, scope), SchemeName));
    }

    private AuthenticateResult Fail(MessageCode code, string detail)
    {
        Context.Items[FailureKey] = (code, detail);
        return AuthenticateResult.Fail(detail);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var (code, detail) = Context.Items[FailureKey] is (MessageCode c, string d) ? (c, d) : (MessageCodes.AuthenticationRequired, "Sign in first.");
        Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.WriteAsync(Context, code, detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, MessageCodes.PermissionDenied, "Your role does not allow this.");
}
