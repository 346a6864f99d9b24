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
    string? IpAddress { get; }
    string? UserAgent { get; }
    string? TraceId { get; }
}

public static class CurrentUserExtensions
{
    public static Guid RequireUserId(this ICurrentUser user) =>
        user.UserId ?? throw new DomainException(MessageCodes.AuthenticationRequired, "Sign in first.");

    /// <summary>Throws 403 PERMISSION_DENIED unless the caller's platform role allows the permission.</summary>
    public static void Demand(this ICurrentUser user, Permission permission)
    {
        user.RequireUserId();
        if (!AccessPolicy.Allows(user.Role, null, permission))
            throw new DomainException(MessageCodes.PermissionDenied, $"Your role does not allow {permission}.");
    }
}
