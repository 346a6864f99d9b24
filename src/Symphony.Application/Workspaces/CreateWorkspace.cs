using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Application.Workspaces;

public sealed record CreateWorkspaceCommand(string Slug, string Name, string? Description = null, WorkspaceType? Type = null, string? Settings = null);

public sealed class CreateWorkspaceValidator : AbstractValidator<CreateWorkspaceCommand>
{
    public CreateWorkspaceValidator()
    {
        RuleFor(c => c.Slug).NotEmpty().Length(2, Names.MaxSlugLength).Matches(Names.Slug())
            .WithMessage("Slug must be lower-case letters and digits in words joined by single dashes.");
        RuleFor(c => c.Name).NotEmpty().MaximumLength(Names.MaxNameLength).PlainText();
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
        RuleFor(c => c.Type).IsInEnum();
        RuleFor(c => c.Settings).JsonObject();
    }
}

/// <summary>Creates a workspace; its creator becomes its owner. A user who is not an admin may have created a bounded number.</summary>
public sealed class CreateWorkspaceHandler(
    IApplicationDbContext db, ICurrentUser caller, AuditLog audit, CreateWorkspaceValidator validator, IOptions<WorkspaceOptions> options)
{
    public async Task<WorkspaceDto> HandleAsync(CreateWorkspaceCommand command, CancellationToken ct)
    {
        caller.Demand(Permission.CreateWorkspace);
        await validator.EnsureValidAsync(command, ct);
        if (await db.Workspaces.AnyAsync(w => w.Slug == command.Slug, ct))
            throw DomainException.NameExists("slug", $"Workspace '{command.Slug}' already exists.");
        var userId = caller.RequireUserId();
        var most = options.Value.MaxCreatedPerUser;
        if (caller.Role != UserRole.Admin && await db.Workspaces.CountAsync(w => w.CreatedBy == userId, ct) >= most)
            throw new DomainException(MessageCodes.LimitExceeded,
                $"You have created {most} workspaces, the most {WorkspaceOptions.Section}:MaxCreatedPerUser allows; delete one or ask an admin.");

        var workspace = new Workspace
        {
            Slug = command.Slug,
            Name = command.Name.Trim(),
            Description = command.Description,
            Type = command.Type ?? WorkspaceType.General,
            Settings = command.Settings ?? "{}",
        };
        db.Workspaces.Add(workspace);
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = userId, Role = WorkspaceRole.Owner });
        audit.Record(AuditActions.WorkspaceCreated, "workspace", workspace.Id, workspace.Id, new { slug = workspace.Slug });
        await db.SaveChangesAsync(ct);
        return WorkspaceDto.From(workspace);
    }
}
