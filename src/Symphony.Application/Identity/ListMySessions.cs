using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

/// <summary>
/// One of the caller's sign-ins as they see it: where from (address, browser), when, until when, and whether it is the
/// one asking. Only its owner reads it: an address is personal data.
/// </summary>
public sealed record SessionDto(Guid Id, AuthSessionKind Kind, DateTime CreatedAt, DateTime ExpiresAt, string? IpAddress, string? UserAgent, bool Current);

/// <summary>The caller's live sign-ins (console and API logins, newest first); personal access tokens are on their own list.</summary>
public sealed class ListMySessionsHandler(IApplicationDbContext db, ICurrentUser caller, TimeProvider clock)
{
    public async Task<IReadOnlyList<SessionDto>> HandleAsync(CancellationToken ct)
    {
        caller.DemandSignedInPerson("list the sessions");
        var userId = caller.RequireUserId();
        var now = clock.GetUtcNow().UtcDateTime;
        var sessions = await db.AuthSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.Kind != AuthSessionKind.Token && s.RevokedAt == null && s.ExpiresAt > now)
            .OrderByDescending(s => s.CreatedAt).Take(MaxListed).ToListAsync(ct);
        return sessions.Select(s => new SessionDto(s.Id, s.Kind, s.CreatedAt, s.ExpiresAt, s.IpAddress, s.UserAgent, s.Id == caller.SessionId)).ToList();
    }

    /// <summary>More live sign-ins than anyone has; the oldest beyond it are not listed (a password change ends them all).</summary>
    public const int MaxListed = 200;
}
