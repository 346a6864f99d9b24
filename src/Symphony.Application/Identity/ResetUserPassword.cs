using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;

namespace Symphony.Application.Identity;

public sealed record ResetUserPasswordCommand(string NewPassword);

public sealed class ResetUserPasswordValidator : AbstractValidator<ResetUserPasswordCommand>
{
    public ResetUserPasswordValidator() => RuleFor(c => c.NewPassword).StrongPassword();
}

/// <summary>An admin sets a user's password; the user's sessions are revoked and any lockout is lifted.</summary>
public sealed class ResetUserPasswordHandler(
    IApplicationDbContext db, ICurrentUser caller, IPasswordHasher hasher, AuditLog audit, TimeProvider clock,
    ResetUserPasswordValidator validator)
{
    public async Task HandleAsync(Guid id, ResetUserPasswordCommand command, CancellationToken ct)
    {
        caller.Demand(Permission.ManageUsers);
        await validator.EnsureValidAsync(command, ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw DomainException.NotFound($"User {id}");
        if (user.IsServiceAccount)
            throw new DomainException(MessageCodes.InvalidStateTransition, "A service account has no password: it acts through its tokens.");
        var now = clock.GetUtcNow().UtcDateTime;
        user.SetPassword(hasher.Hash(command.NewPassword), now);
        foreach (var session in await db.AuthSessions.Where(s => s.UserId == id && s.RevokedAt == null).ToListAsync(ct))
            session.Revoke(now, "password_reset");
        audit.Record(AuditActions.UserPasswordReset, "user", user.Id);
        await db.SaveChangesAsync(ct);
    }
}
