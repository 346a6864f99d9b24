using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Common;

namespace Symphony.Application.Identity;

/// <summary>The caller as the database knows them now: role changes and revocations apply at the next request.</summary>
public sealed record SessionPrincipal(Guid UserId, string Username, UserRole Role, Guid SessionId);

/// <summary>
/// Checks, on every authenticated request, that the session is live and its user enabled: from this node's
/// <see cref="SessionCache"/> when it holds the session, else with one indexed query.
/// </summary>
public sealed class SessionCheck(IApplicationDbContext db, SessionCache cache, TimeProvider clock)
{
    public async Task<(SessionPrincipal? Principal, MessageCode? Failure)> CheckAsync(Guid sessionId, Guid userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (cache.Find(sessionId, userId, now) is { } known) return (known, null);
        var generation = cache.Generation;
        var row = await (
            from s in db.AuthSessions
            join u in db.Users on s.UserId equals u.Id
            where s.Id == sessionId && s.UserId == userId
            select new { s.RevokedAt, s.ExpiresAt, u.Username, u.Role, u.IsDisabled })
            .AsNoTracking()
            .FirstOrDefaultAsync(ct);

        if (row is null || row.RevokedAt is not null || row.ExpiresAt <= now)
            return (null, MessageCodes.TokenRevoked);
        if (row.IsDisabled)
            return (null, MessageCodes.AccountDisabled);
        var principal = new SessionPrincipal(userId, row.Username, row.Role, sessionId);
        cache.Keep(generation, principal, row.ExpiresAt, now);
        return (principal, null);
    }
}
