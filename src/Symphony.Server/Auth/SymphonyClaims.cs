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

/// <summary><see cref="Application.Common.ICurrentUser"/> read from the request's principal.</summary>
public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : Application.Common.ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public Guid? UserId => Principal is { } p ? SymphonyClaims.Get(p, SymphonyClaims.UserId) : null;
    public string? Username => Principal?.FindFirst(SymphonyClaims.Name)?.Value;
    public UserRole Role => Enum.TryParse<UserRole>(Principal?.FindFirst(SymphonyClaims.Role)?.Value, true, out var role) ? role : UserRole.Viewer;
    public Guid? SessionId => Principal is { } p ? SymphonyClaims.Get(p, SymphonyClaims.SessionId) : null;
    public string? IpAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
    public string? UserAgent => accessor.HttpContext?.Request.Headers.UserAgent.ToString();
    public string? TraceId => accessor.HttpContext is { } http ? Errors.Problems.TraceId(http) : null;
}
