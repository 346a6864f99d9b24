using System.Security.Claims;
using Symphony.Application.Identity;
using Symphony.Domain.Identity;

namespace Symphony.Server.Auth;

/// <summary>The claims Symphony puts on a principal, whichever way the caller authenticated.</summary>
public static class SymphonyClaims
{
    public const string UserId = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string SessionId = "sid";
    public const string TokenId = "token";
    public const string TokenRole = "token_role";
    public const string TokenWorkspaces = "token_workspaces";

    /// <summary>The caller's principal; a token's scope goes with it, for <see cref="ScopeOf"/>.</summary>
    public static ClaimsPrincipal Principal(SessionPrincipal session, string scheme, TokenScope? token = null)
    {
        List<Claim> claims =
        [
            new Claim(UserId, session.UserId.ToString()),
            new Claim(Name, session.Username),
            new Claim(Role, session.Role.ToString().ToLowerInvariant()),
            new Claim(SessionId, session.SessionId.ToString()),
        ];
        if (token is not null)
        {
            claims.Add(new Claim(TokenId, token.TokenId.ToString()));
            claims.Add(new Claim(TokenRole, token.Role.ToString()));
            if (token.Workspaces is { } workspaces) claims.Add(new Claim(TokenWorkspaces, string.Join(',', workspaces)));
        }
        return new(new ClaimsIdentity(claims, scheme, Name, Role));
    }

    public static TokenScope? ScopeOf(ClaimsPrincipal principal) =>
        Get(principal, TokenId) is { } id && Enum.TryParse<Domain.Identity.TokenRole>(principal.FindFirst(TokenRole)?.Value, out var role)
            ? new TokenScope(id, role, Domain.Identity.ApiToken.ParseWorkspaces(principal.FindFirst(TokenWorkspaces)?.Value)?.ToHashSet())
            : null;

    public static Guid? Get(ClaimsPrincipal principal, string type) =>
        Guid.TryParse(principal.FindFirst(type)?.Value, out var id) ? id : null;
}
