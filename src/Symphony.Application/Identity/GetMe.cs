using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Common;

namespace Symphony.Application.Identity;

public sealed record MembershipDto(Guid WorkspaceId, string Slug, string Name, WorkspaceRole Role);

public sealed record MeDto(UserDto User, string Preferences, IReadOnlyList<MembershipDto> Workspaces, Guid? SessionId);

/// <summary>The signed-in user's profile and workspace memberships.</summary>
public sealed class GetMeHandler(IApplicationDbContext db, ICurrentUser caller)
{
    public async Task<MeDto> HandleAsync(CancellationToken ct)
    {
        var userId = caller.RequireUserId();
        // One round trip: the user with their memberships.
        var row = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new
            {
                User = u,
                Memberships = (
                    from m in db.WorkspaceMembers
                    join w in db.Workspaces on m.WorkspaceId equals w.Id
                    where m.UserId == u.Id
                    orderby w.Slug
                    select new MembershipDto(w.Id, w.Slug, w.Name, m.Role)).ToList(),
            })
            .FirstOrDefaultAsync(ct)
            ?? throw new DomainException(MessageCodes.AuthenticationRequired, "Sign in first.");
        // Through a token, only the workspaces it reaches, with at most its role in each.
        var memberships = caller.Token is { } token
            ? [.. row.Memberships.Where(m => token.Covers(m.WorkspaceId)).Select(m => m with { Role = token.Limit(m.Role) ?? m.Role })]
            : row.Memberships;
        return new MeDto(UserDto.From(row.User), row.User.Preferences, memberships, caller.SessionId);
    }
}
