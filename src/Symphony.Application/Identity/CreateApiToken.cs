using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Identity;

/// <summary>
/// A personal access token of the caller: a name, an expiry in days (1 to 366), a role (viewer by default) and,
/// optionally, the workspaces (slugs or ids) it is limited to.
/// </summary>
public sealed record CreateApiTokenCommand(string Name, int ExpiresInDays, TokenRole? Role = null, IReadOnlyList<string>? Workspaces = null);

public sealed class CreateApiTokenValidator : AbstractValidator<CreateApiTokenCommand>
{
    public const int MaxDays = 366;

    public CreateApiTokenValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(100).PlainText();
        RuleFor(c => c.ExpiresInDays).InclusiveBetween(1, MaxDays);
        RuleFor(c => c.Role).IsInEnum();
        RuleFor(c => c.Workspaces).Must(w => w is null || (w.Count is > 0 and <= ApiToken.MaxWorkspaces))
            .WithMessage($"workspaces names 1 to {ApiToken.MaxWorkspaces} workspaces, or is left out for all of yours.");
        RuleForEach(c => c.Workspaces).NotEmpty().MaximumLength(100);
    }
}

/// <summary>
/// Creates a token for the signed-in caller (a token cannot make tokens). Its role may not be above the caller's: only
/// admins make admin tokens, platform viewers only viewer tokens, and in each named workspace the caller must hold
/// the role given. The token is answered once; only its SHA-256 is kept.
/// </summary>
public sealed class CreateApiTokenHandler(
    IApplicationDbContext db, ICurrentUser caller, WorkspaceAccess access, CreateApiTokenValidator validator, AuditLog audit, TimeProvider clock)
{
    public async Task<NewApiTokenDto> HandleAsync(CreateApiTokenCommand command, CancellationToken ct)
    {
        caller.DemandSignedInPerson("create tokens");
        await validator.EnsureValidAsync(command, ct);
        var userId = caller.RequireUserId();
        var role = command.Role ?? TokenRole.Viewer;
        if (role == TokenRole.Admin && caller.Role != UserRole.Admin || role > TokenRole.Viewer && caller.Role == UserRole.Viewer)
            throw new DomainException(MessageCodes.PermissionDenied, $"A token's role cannot be above yours ({caller.Role.ToString().ToLowerInvariant()}).");

        List<Guid>? workspaces = null;
        if (command.Workspaces is { } named)
        {
            workspaces = [];
            foreach (var name in named.Distinct(StringComparer.Ordinal))
            {
                var workspace = await access.RequireAsync(name, Permission.ReadWorkspace, ct);
                var membership = await db.WorkspaceMembers.Where(m => m.WorkspaceId == workspace.Id && m.UserId == userId)
                    .Select(m => (WorkspaceRole?)m.Role).FirstOrDefaultAsync(ct);
                if (caller.Role != UserRole.Admin && role != TokenRole.Admin && (membership is null || (int)membership < (int)role))
                    throw new DomainException(MessageCodes.PermissionDenied,
                        $"Your role in workspace '{workspace.Slug}' is below the token's role ({role.ToString().ToLowerInvariant()}).");
                if (!workspaces.Contains(workspace.Id)) workspaces.Add(workspace.Id);
            }
        }

        var issued = ApiTokens.Issue(db, caller, audit, userId, command.Name, command.ExpiresInDays, role, workspaces, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return issued;
    }
}
