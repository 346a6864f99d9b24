using System.Linq.Expressions;
using Symphony.Domain.Access;
using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

/// <summary>A user as the API shows it. Never carries the password hash.</summary>
public sealed record UserDto(
    Guid Id, string Username, string DisplayName, string? Email, UserRole Role, bool IsDisabled, bool IsActive,
    DateTime? LastLoginAt, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static Expression<Func<User, UserDto>> Projection { get; } = u => new UserDto(
        u.Id, u.Username, u.DisplayName, u.Email, u.Role, u.IsDisabled, u.IsActive,
        u.LastLoginAt, u.CreatedAt, u.UpdatedAt, u.Version);

    private static readonly Func<User, UserDto> Compiled = Projection.Compile();

    public static UserDto From(User user) => Compiled(user);
}
