using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;
using Symphony.Domain.Workspaces;

namespace Symphony.Application.Workspaces;

/// <summary>Adds a user (by id or username) to a workspace with a role.</summary>
public sealed record AddMemberCommand(WorkspaceRole Role, Guid? UserId = null, string? Username = null);

public sealed class AddMemberValidator : AbstractValidator<AddMemberCommand>
{
    public AddMemberValidator()
    {
        RuleFor(c => c).Must(c => c.UserId is not null ^ !string.IsNullOrEmpty(c.Username))
            .WithName("user_id").WithMessage("Give exactly one of user_id or username.");
        RuleFor(c => c.Username).MaximumLength(100).PlainText();
        RuleFor(c => c.Role).IsInEnum();
    }
}

public sealed class AddMemberHandler(
    IApplicationDbContext db, WorkspaceAccess access, AuditLog audit, AddMemberValidator validator)
{
    public async Task<MemberDto> HandleAsync(string workspace, AddMemberCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ManageWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        var normalized = command.Username is null ? null : User.Normalize(command.Username);
        var user = await db.Users.FirstOrDefaultAsync(u => command.UserId != null ? u.Id == command.UserId : u.NormalizedUsername == normalized, ct)
            ?? throw new DomainException(MessageCodes.ValidationError, "No such user.",
                [new FieldError(command.UserId is null ? "username" : "user_id", "No such user.", MessageCodes.ResourceNotFound.Code)]);
        if (user.ServiceWorkspaceId is { } home && home != scope.Id)
            throw new DomainException(MessageCodes.ValidationError, $"'{user.Username}' is another workspace's service account.",
                [new FieldError(command.UserId is null ? "username" : "user_id", "A service account belongs to its own workspace alone.", MessageCodes.ValidationError.Code)]);
        if (await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == scope.Id && m.UserId == user.Id, ct))
            throw new DomainException(MessageCodes.NameExists, $"'{user.Username}' is already a member; change their role instead.");

        var member = new WorkspaceMember { WorkspaceId = scope.Id, UserId = user.Id, Role = command.Role };
        db.WorkspaceMembers.Add(member);
        audit.Record(AuditActions.MemberAdded, "user", user.Id, scope.Id, new { role = command.Role.ToString().ToLowerInvariant() });
        await db.SaveChangesAsync(ct);
        return new MemberDto(user.Id, user.Username, user.DisplayName, member.Role, member.CreatedAt);
    }
}
