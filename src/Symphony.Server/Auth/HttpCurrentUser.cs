using System.Security.Claims;
using Symphony.Domain.Access;
using Symphony.Domain.Identity;

namespace Symphony.Server.Auth;

/// <summary><see cref="Application.Common.ICurrentUser"/> read from the request's principal.</summary>
public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : Application.Common.ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public Guid? UserId => Principal is { } p ? SymphonyClaims.Get(p, SymphonyClaims.UserId) : null;
    public string? Username => Principal?.FindFirst(SymphonyClaims.Name)?.Value;
    public UserRole Role => Enum.TryParse<UserRole>(Principal?.FindFirst(SymphonyClaims.Role)?.Value, true, out var role) ? role : UserRole.Viewer;
    public Guid? SessionId => Principal is { } p ? SymphonyClaims.Get(p, SymphonyClaims.SessionId) : null;
    public TokenScope? Token => Principal is { } p ? SymphonyClaims.ScopeOf(p) : null;
    public string? IpAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
    public string? UserAgent => accessor.HttpContext?.Request.Headers.UserAgent.ToString();
    public string? TraceId => accessor.HttpContext is { } http ? Errors.Problems.TraceId(http) : null;
}
