using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

/// <summary>The platform must keep at least one enabled admin, or nobody could manage users again.</summary>
public static class LastAdminGuard
{
    public static async Task EnsureAnotherAdminRemainsAsync(IApplicationDbContext db, User user, CancellationToken ct)
    {
        if (!user.IsEffectiveAdmin) return;
        var others = await db.Users.CountAsync(u => u.Id != user.Id && u.Role == UserRole.Admin && !u.IsDisabled, ct);
        if (others == 0)
            throw new DomainException(MessageCodes.LastAdminRequired,
                $"'{user.Username}' is the last active admin; make another user admin first.");
    }
}
