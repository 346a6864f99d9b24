using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Common;

/// <summary>Who is calling, as established by authentication; anonymous when <see cref="UserId"/> is null.</summary>
public interface ICurrentUser
{
    Guid? UserId { get; }
    string? Username { get; }
    UserRole Role { get; }
    Guid? SessionId { get; }
    /// <summary>The scope of the personal access token the request came with; null for a signed-in session.</summary>
    TokenScope? Token { get; }
    string? IpAddress { get; }
    string? UserAgent { get; }
    string? TraceId { get; }
}

public static class CurrentUserExtensions
{
    public static Guid RequireUserId(this ICurrentUser user) =>
        user.UserId ?? throw new DomainException(MessageCodes.AuthenticationRequired, "Sign in first.");

    /// <summary>Throws 403 PERMISSION_DENIED when the request came with a token: what it asks for needs a signed-in person.</summary>
    public static void DemandSignedInPerson(this ICurrentUser user, string what)
    {
        user.RequireUserId();
        if (user.Token is not null)
            throw new DomainException(MessageCodes.PermissionDenied, $"A personal access token cannot {what}; sign in instead.");
    }

    /// <summary>Throws 403 PERMISSION_DENIED unless the caller's platform role allows the permission.</summary>
    public static void Demand(this ICurrentUser user, Permission permission)
    {
        user.RequireUserId();
        // Platform permissions reach beyond any workspace: a token limited to workspaces never has them.
        if (user.Token?.Workspaces is not null)
            throw new DomainException(MessageCodes.PermissionDenied, $"A token limited to workspaces does not allow {permission}.");
        if (!AccessPolicy.Allows(user.Role, null, permission))
            throw new DomainException(MessageCodes.PermissionDenied, $"Your role does not allow {permission}.");
    }
}
