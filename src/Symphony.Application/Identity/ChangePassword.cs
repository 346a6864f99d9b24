using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

public sealed record ChangePasswordCommand(string CurrentPassword, string NewPassword);

public sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().MaximumLength(PasswordPolicy.MaxLength);
        RuleFor(c => c.NewPassword).StrongPassword();
        RuleFor(c => c.NewPassword).NotEqual(c => c.CurrentPassword).WithMessage("The new password must differ from the current one.");
    }
}

public static class PasswordRules
{
    public static IRuleBuilderOptionsConditions<T, string> StrongPassword<T>(this IRuleBuilder<T, string> rule) =>
        rule.Custom((password, context) =>
        {
            foreach (var problem in PasswordPolicy.Check(password))
                context.AddFailure(problem);
        });
}

/// <summary>Changes the caller's password and signs out every other session of theirs.</summary>
public sealed class ChangePasswordHandler(
    IApplicationDbContext db, ICurrentUser caller, IPasswordHasher hasher, AuditLog audit, TimeProvider clock,
    ChangePasswordValidator validator, SignInThrottle throttle)
{
    public async Task HandleAsync(ChangePasswordCommand command, CancellationToken ct)
    {
        caller.DemandSignedInPerson("change the password");
        await validator.EnsureValidAsync(command, ct);
        var userId = caller.RequireUserId();
        var user = await db.Users.FirstAsync(u => u.Id == userId, ct);
        // A stolen session must not become an unlimited password oracle: wrong current passwords count as failed sign-ins.
        await throttle.CountAttemptAsync(user.NormalizedUsername, user.Id, caller.IpAddress, ct);
        if (hasher.Verify(user.PasswordHash, command.CurrentPassword) == PasswordCheck.Failed)
        {
            audit.Record(AuditActions.LoginFailed, "user", user.Id, details: new { username = user.NormalizedUsername, reason = "wrong_current_password" });
            await db.SaveChangesAsync(ct);
            throw new DomainException(MessageCodes.InvalidCredentials, "The current password is wrong.",
                [new FieldError("current_password", "The current password is wrong.", MessageCodes.InvalidCredentials.Code)]);
        }

        await throttle.RecordSuccessAsync(user.NormalizedUsername, caller.IpAddress, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        user.SetPassword(hasher.Hash(command.NewPassword), now);
        var others = await db.AuthSessions
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != caller.SessionId)
            .ToListAsync(ct);
        foreach (var session in others) session.Revoke(now, "password_changed");
        audit.Record(AuditActions.PasswordChanged, "user", user.Id, details: new { sessions_revoked = others.Count });
        await db.SaveChangesAsync(ct);
    }
}
