using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

public sealed record CreateUserCommand(string Username, string Password, UserRole Role, string? DisplayName = null, string? Email = null);

public sealed class CreateUserValidator : AbstractValidator<CreateUserCommand>
{
    public CreateUserValidator()
    {
        RuleFor(c => c.Username).NotEmpty().MaximumLength(100).Matches(Names.Username())
            .WithMessage("Username must start with a letter or digit and use only letters, digits, '.', '-', '_' and '@'.");
        RuleFor(c => c.Password).StrongPassword();
        RuleFor(c => c.Role).IsInEnum();
        RuleFor(c => c.DisplayName).MaximumLength(200).PlainText();
        RuleFor(c => c.Email).MaximumLength(254).EmailAddress().When(c => !string.IsNullOrEmpty(c.Email));
    }
}

public sealed class CreateUserHandler(
    IApplicationDbContext db, ICurrentUser caller, IPasswordHasher hasher, AuditLog audit, TimeProvider clock,
    CreateUserValidator validator)
{
    public async Task<UserDto> HandleAsync(CreateUserCommand command, CancellationToken ct)
    {
        caller.Demand(Permission.ManageUsers);
        await validator.EnsureValidAsync(command, ct);
        var normalized = User.Normalize(command.Username);
        if (await db.Users.AnyAsync(u => u.NormalizedUsername == normalized, ct))
            throw DomainException.NameExists("username", $"User '{command.Username}' already exists.");

        var user = new User
        {
            Username = command.Username.Trim(),
            NormalizedUsername = normalized,
            DisplayName = string.IsNullOrWhiteSpace(command.DisplayName) ? command.Username.Trim() : command.DisplayName.Trim(),
            Email = string.IsNullOrWhiteSpace(command.Email) ? null : command.Email.Trim(),
            Role = command.Role,
        };
        user.SetPassword(hasher.Hash(command.Password), clock.GetUtcNow().UtcDateTime);
        db.Users.Add(user);
        audit.Record(AuditActions.UserCreated, "user", user.Id, details: new { username = user.Username, role = user.Role.ToString().ToLowerInvariant() });
        await db.SaveChangesAsync(ct);
        return UserDto.From(user);
    }
}
