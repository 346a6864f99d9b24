using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Common;

namespace Symphony.Application.Identity;

/// <summary>
/// Revokes one of the caller's tokens: its session is revoked, so every node refuses it at its next request
/// (401 TOKEN_REVOKED). Revoking a revoked token changes nothing.
/// </summary>
public sealed class RevokeApiTokenHandler(IApplicationDbContext db, ICurrentUser caller, AuditLog audit, TimeProvider clock)
{
    public async Task HandleAsync(Guid id, CancellationToken ct)
    {
        caller.DemandSignedInPerson("revoke tokens");
        var userId = caller.RequireUserId();
        var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId, ct)
            ?? throw DomainException.NotFound($"Token '{id}'");
        await ApiTokens.RevokeAsync(db, audit, token, clock.GetUtcNow().UtcDateTime, null, ct);
        await db.SaveChangesAsync(ct);
    }
}
