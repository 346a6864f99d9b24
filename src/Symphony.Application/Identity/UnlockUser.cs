using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;

namespace Symphony.Application.Identity;

/// <summary>An admin lifts every sign-in delay of a user, from all addresses (the address-wide delays stay).</summary>
public sealed class UnlockUserHandler(IApplicationDbContext db, ICurrentUser caller, SignInThrottle throttle, AuditLog audit)
{
    public async Task HandleAsync(Guid id, CancellationToken ct)
    {
        caller.Demand(Permission.ManageUsers);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw DomainException.NotFound($"User {id}");
        await throttle.UnlockAsync(user.NormalizedUsername, ct);
        audit.Record(AuditActions.UserUnlocked, "user", user.Id, details: new { username = user.Username });
        await db.SaveChangesAsync(ct);
    }
}
