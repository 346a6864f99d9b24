using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;

namespace Symphony.Application.Identity;

/// <summary>The caller edits their own profile. Null fields are left as they are.</summary>
public sealed record UpdateProfileCommand(string? DisplayName = null, string? Email = null, string? Preferences = null, int? Version = null);

public sealed class UpdateProfileValidator : AbstractValidator<UpdateProfileCommand>
{
    public UpdateProfileValidator()
    {
        RuleFor(c => c.DisplayName).MaximumLength(200).PlainText();
        RuleFor(c => c.Email).MaximumLength(254).EmailAddress().When(c => !string.IsNullOrEmpty(c.Email));
        RuleFor(c => c.Preferences).JsonObject();
        RuleFor(c => c.Version).RequiredVersion();
    }
}

public sealed class UpdateProfileHandler(IApplicationDbContext db, ICurrentUser caller, UpdateProfileValidator validator)
{
    public async Task<UserDto> HandleAsync(UpdateProfileCommand command, CancellationToken ct)
    {
        caller.DemandSignedInPerson("change the profile");
        await validator.EnsureValidAsync(command, ct);
        var userId = caller.RequireUserId();
        var user = await db.Users.FirstAsync(u => u.Id == userId, ct);
        db.ExpectVersion(user, command.Version!.Value);
        if (command.DisplayName is not null) user.DisplayName = command.DisplayName.Trim();
        if (command.Email is not null) user.Email = command.Email.Length == 0 ? null : command.Email.Trim();
        if (command.Preferences is not null) user.Preferences = command.Preferences;
        await db.SaveChangesAsync(ct);
        return UserDto.From(user);
    }
}
