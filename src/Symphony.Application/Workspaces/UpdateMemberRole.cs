using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;

namespace Symphony.Application.Workspaces;

public sealed record UpdateMemberRoleCommand(WorkspaceRole Role);

public sealed class UpdateMemberRoleValidator : AbstractValidator<UpdateMemberRoleCommand>
{
    public UpdateMemberRoleValidator() => RuleFor(c => c.Role).IsInEnum();
}

public sealed class UpdateMemberRoleHandler(
    IApplicationDbContext db, WorkspaceAccess access, AuditLog audit, UpdateMemberRoleValidator validator)
{
    public async Task<MemberDto> HandleAsync(string workspace, Guid userId, UpdateMemberRoleCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ManageWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        var member = await db.WorkspaceMembers.FirstOrDefaultAsync(m => m.WorkspaceId == scope.Id && m.UserId == userId, ct)
            ?? throw DomainException.NotFound($"Member {userId}");
        var user = await db.Users.FirstAsync(u => u.Id == userId, ct);
        if (member.Role != command.Role)
        {
            audit.Record(AuditActions.MemberRoleChanged, "user", userId, scope.Id, new
            {
                from = member.Role.ToString().ToLowerInvariant(),
                to = command.Role.ToString().ToLowerInvariant(),
            });
            member.Role = command.Role;
            // A service account's platform role follows its one membership (its tokens keep the role they were made with, at most).
            if (user.IsServiceAccount) user.Role = ServiceAccounts.PlatformRoleFor(command.Role);
            await db.SaveChangesAsync(ct);
        }
        return new MemberDto(user.Id, user.Username, user.DisplayName, member.Role, member.CreatedAt);
    }
}
