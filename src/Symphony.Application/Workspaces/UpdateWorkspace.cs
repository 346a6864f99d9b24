using FluentValidation;
using Symphony.Application.Common;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;
using Symphony.Domain.Workspaces;

namespace Symphony.Application.Workspaces;

/// <summary>Null fields are left as they are. The slug is fixed at creation: it is part of every URL.</summary>
public sealed record UpdateWorkspaceCommand(string? Name = null, string? Description = null, WorkspaceType? Type = null, string? Settings = null, int? Version = null);

public sealed class UpdateWorkspaceValidator : AbstractValidator<UpdateWorkspaceCommand>
{
    public UpdateWorkspaceValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(Names.MaxNameLength).PlainText().When(c => c.Name is not null);
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
        RuleFor(c => c.Type).IsInEnum();
        RuleFor(c => c.Settings).JsonObject();
        RuleFor(c => c.Version).NotNull().WithMessage("version is required (body field or If-Match header).");
    }
}

public sealed class UpdateWorkspaceHandler(
    IApplicationDbContext db, WorkspaceAccess access, AuditLog audit, UpdateWorkspaceValidator validator)
{
    public async Task<WorkspaceDto> HandleAsync(string reference, UpdateWorkspaceCommand command, CancellationToken ct)
    {
        var workspace = await access.RequireAsync(reference, Permission.ManageWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        db.ExpectVersion(workspace, command.Version!.Value);
        if (command.Name is not null) workspace.Name = command.Name.Trim();
        if (command.Description is not null) workspace.Description = command.Description;
        if (command.Type is { } type) workspace.Type = type;
        if (command.Settings is not null) workspace.Settings = command.Settings;
        audit.Record(AuditActions.WorkspaceUpdated, "workspace", workspace.Id, workspace.Id);
        await db.SaveChangesAsync(ct);
        return WorkspaceDto.From(workspace);
    }
}
