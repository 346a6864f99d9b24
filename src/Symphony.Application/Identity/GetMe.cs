using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Users;
using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Application.Identity;

public sealed record MembershipDto(Guid WorkspaceId, string Slug, string Name, WorkspaceRole Role);

public sealed record MeDto(UserDto User, string Preferences, IReadOnlyList<MembershipDto> Workspaces, Guid? SessionId);

/// <summary>The signed-in user's profile and workspace memberships.</summary>
public sealed class GetMeHandler(IApplicationDbContext db, ICurrentUser caller)
{
    public async Task<MeDto> HandleAsync(CancellationToken ct)
    {
        var userId = caller.RequireUserId();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new DomainException(MessageCodes.AuthenticationRequired, "Sign in first.");
        var memberships = await (
            from m in db.WorkspaceMembers
            join w in db.Workspaces on m.WorkspaceId equals w.Id
            where m.UserId == userId
            orderby w.Slug
            select new MembershipDto(w.Id, w.Slug, w.Name, m.Role))
            .ToListAsync(ct);
        return new MeDto(UserDto.From(user), user.Preferences, memberships, caller.SessionId);
    }
}
