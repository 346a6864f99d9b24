using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;
using Symphony.Domain.Workspaces;

namespace Symphony.Application.Workspaces;

/// <summary>A service account: a name (letters, digits, '.', '-', '_'), its role in the workspace (viewer by default) and a description.</summary>
public sealed record CreateServiceAccountCommand(string Name, WorkspaceRole? Role = null, string? Description = null);

public sealed class CreateServiceAccountValidator : AbstractValidator<CreateServiceAccountCommand>
{
    public CreateServiceAccountValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(30).Matches(Names.ResourceName())
            .WithMessage("name uses letters, digits, '.', '-' and '_', starting with a letter or digit, at most 30 characters.");
        RuleFor(c => c.Role).IsInEnum();
        RuleFor(c => c.Description).MaximumLength(200).PlainText();
    }
}

/// <summary>
/// Creates a workspace's service account: a user named <c>name@workspace</c> that belongs to that workspace alone, with
/// the role given, no password and no way to sign in; it acts only through the tokens the workspace's owners make for it.
/// </summary>
public sealed class CreateServiceAccountHandler(
    IApplicationDbContext db, ICurrentUser caller, WorkspaceAccess access, CreateServiceAccountValidator validator, AuditLog audit)
{
    public async Task<ServiceAccountDto> HandleAsync(string workspace, CreateServiceAccountCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ManageWorkspace, ct);
        caller.DemandSignedInPerson("create service accounts");
        await validator.EnsureValidAsync(command, ct);
        var role = command.Role ?? WorkspaceRole.Viewer;
        var username = ServiceAccounts.UsernameOf(command.Name, scope.Slug);
        if (await db.Users.AnyAsync(u => u.NormalizedUsername == User.Normalize(username), ct))
            throw DomainException.NameExists("name", $"'{username}' is already taken.");

        var account = new User
        {
            Username = username, NormalizedUsername = User.Normalize(username), DisplayName = command.Description?.Trim() ?? command.Name,
            Role = ServiceAccounts.PlatformRoleFor(role), ServiceWorkspaceId = scope.Id,
        };
        db.Users.Add(account);
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = scope.Id, UserId = account.Id, Role = role });
        audit.Record(AuditActions.ServiceAccountCreated, "user", account.Id, scope.Id, new { username, role = role.ToString().ToLowerInvariant() });
        await db.SaveChangesAsync(ct);
        return new ServiceAccountDto(account.Id, command.Name, username, role, command.Description, account.CreatedAt, 0);
    }
}
