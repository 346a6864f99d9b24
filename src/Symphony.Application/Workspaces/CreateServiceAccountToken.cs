using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Identity;
using Symphony.Domain.Access;

namespace Symphony.Application.Workspaces;

/// <summary>A token of a service account: a name and an expiry in days (1 to 366).</summary>
public sealed record CreateServiceAccountTokenCommand(string Name, int ExpiresInDays);

public sealed class CreateServiceAccountTokenValidator : AbstractValidator<CreateServiceAccountTokenCommand>
{
    public CreateServiceAccountTokenValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(100).PlainText();
        RuleFor(c => c.ExpiresInDays).InclusiveBetween(1, CreateApiTokenValidator.MaxDays);
    }
}

/// <summary>
/// Makes a token for a service account (owners, signed in in person): it acts with the account's role, in its workspace
/// only, and is answered once.
/// </summary>
public sealed class CreateServiceAccountTokenHandler(
    IApplicationDbContext db, ICurrentUser caller, WorkspaceAccess access, CreateServiceAccountTokenValidator validator, AuditLog audit, TimeProvider clock)
{
    public async Task<NewApiTokenDto> HandleAsync(string workspace, Guid id, CreateServiceAccountTokenCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ManageWorkspace, ct);
        caller.DemandSignedInPerson("create tokens");
        await validator.EnsureValidAsync(command, ct);
        var (account, role) = await ServiceAccounts.FindAsync(db, scope, id, ct);
        var issued = ApiTokens.Issue(db, caller, audit, account.Id, command.Name, command.ExpiresInDays, ServiceAccounts.TokenRoleFor(role), [scope.Id],
            clock.GetUtcNow().UtcDateTime, scope.Id);
        await db.SaveChangesAsync(ct);
        return issued;
    }
}
