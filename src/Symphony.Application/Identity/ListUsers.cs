using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

public sealed class ListUsersHandler(IApplicationDbContext db, ICurrentUser caller)
{
    public static ListDefinition<User> Definition { get; } = new ListDefinition<User>()
        .Filter("search", v =>
        {
            var term = FilterValues.Text(v).ToLowerInvariant();
            return new(u => u.NormalizedUsername.Contains(term) || u.DisplayName.ToLower().Contains(term)
                || (u.Email != null && u.Email.ToLower().Contains(term)));
        })
        .Filter("role", v =>
        {
            var role = FilterValues.Enum<UserRole>(v);
            return new(u => u.Role == role);
        })
        .Filter("is_disabled", v =>
        {
            var disabled = FilterValues.Bool(v);
            return new(u => u.IsDisabled == disabled);
        })
        .Sort("username", u => u.NormalizedUsername, isDefault: true)
        .Sort("created_at", u => u.CreatedAt)
        .Sort("last_login_at", u => u.LastLoginAt);

    public Task<PagedResult<UserDto>> HandleAsync(ListRequest request, CancellationToken ct)
    {
        caller.Demand(Permission.ManageUsers);
        return Definition.ToPageAsync(db.Users, request, UserDto.Projection, ct);
    }
}
