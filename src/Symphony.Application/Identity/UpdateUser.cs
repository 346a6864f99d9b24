using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;

namespace Symphony.Application.Identity;

/// <summary>An admin edits a user. Null fields are left as they are.</summary>
public sealed record UpdateUserCommand(string? DisplayName = null, string? Email = null, UserRole? Role = null, bool? IsDisabled = null, int? Version = null);

public sealed class UpdateUserValidator : AbstractValidator<UpdateUserCommand>
{
    public UpdateUserValidator()
    {
        RuleFor(c => c.DisplayName).MaximumLength(200).PlainText();
        RuleFor(c => c.Email).MaximumLength(254).EmailAddress().When(c => !string.IsNullOrEmpty(c.Email));
        RuleFor(c => c.Role).IsInEnum();
        RuleFor(c => c.Version).RequiredVersion();
    }
}

public sealed class UpdateUserHandler(
    IApplicationDbContext db, ICurrentUser caller, AuditLog audit, TimeProvider clock, UpdateUserValidator validator)
{
    public async Task<UserDto> HandleAsync(Guid id, UpdateUserCommand command, CancellationToken ct)
    {
        caller.Demand(Permission.ManageUsers);
        await validator.EnsureValidAsync(command, ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw DomainException.NotFound($"User {id}");
        if (user.IsServiceAccount && command.Role is { } asked && asked != user.Role)
            throw new DomainException(MessageCodes.InvalidStateTransition, "A service account's role is its role in its workspace: change its membership.");
        db.ExpectVersion(user, command.Version!.Value);

        var demoted = command.Role is { } role && role != UserRole.Admin && user.Role == UserRole.Admin;
        var disabled = command.IsDisabled == true && !user.IsDisabled;
        if (demoted || disabled)
            await LastAdminGuard.EnsureAnotherAdminRemainsAsync(db, user, ct);

        if (command.Role is { } newRole && newRole != user.Role)
        {
            audit.Record(AuditActions.UserRoleChanged, "user", user.Id, details: new
            {
                from = user.Role.ToString().ToLowerInvariant(),
                to = newRole.ToString().ToLowerInvariant(),
            });
            user.Role = newRole;
        }
        if (command.DisplayName is not null) user.DisplayName = command.DisplayName.Trim();
        if (command.Email is not null) user.Email = command.Email.Length == 0 ? null : command.Email.Trim();
        if (command.IsDisabled is { } isDisabled && isDisabled != user.IsDisabled)
        {
            user.IsDisabled = isDisabled;
            if (isDisabled) await RevokeSessionsAsync(user.Id, "account_disabled", ct);
        }
        audit.Record(AuditActions.UserUpdated, "user", user.Id, details: new { disabled = user.IsDisabled });
        await db.SaveChangesAsync(ct);
        return UserDto.From(user);
    }

    private async Task RevokeSessionsAsync(Guid userId, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var session in await db.AuthSessions.Where(s => s.UserId == userId && s.RevokedAt == null).ToListAsync(ct))
            session.Revoke(now, reason);
    }
}
