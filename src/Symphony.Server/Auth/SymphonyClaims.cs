using System.Security.Claims;
using Symphony.Application.Identity;

namespace Symphony.Server.Auth;

/// <summary>The claims Symphony puts on a principal, whichever way the caller authenticated.</summary>
public static class SymphonyClaims
{
    public const string UserId = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string SessionId = "sid";

    public static ClaimsPrincipal Principal(SessionPrincipal session, string scheme) =>
        new(new ClaimsIdentity(
        [
            new Claim(UserId, session.UserId.ToString()),
            new Claim(Name, session.Username),
            new Claim(Role, session.Role.ToString().ToLowerInvariant()),
            new Claim(SessionId, session.SessionId.ToString()),
        ], scheme, Name, Role));

    public static Guid? Get(ClaimsPrincipal principal, string type) =>
        Guid.TryParse(principal.FindFirst(type)?.Value, out var id) ? id : null;
}
