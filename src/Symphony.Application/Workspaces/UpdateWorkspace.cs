using FluentValidation;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
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
        RuleFor(c => c.Version).RequiredVersion();
    }
}

public sealed class UpdateWorkspaceHandler(
    IApplicationDbContext db, WorkspaceAccess access, AuditLog audit, UpdateWorkspaceValidator validator)
{
    public async Task<WorkspaceDto> HandleAsync(string workspace, UpdateWorkspaceCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ManageWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        db.ExpectVersion(scope, command.Version!.Value);
        if (command.Name is not null) scope.Name = command.Name.Trim();
        if (command.Description is not null) scope.Description = command.Description;
        if (command.Type is { } type) scope.Type = type;
        if (command.Settings is not null) scope.Settings = command.Settings;
        audit.Record(AuditActions.WorkspaceUpdated, "workspace", scope.Id, scope.Id);
        await db.SaveChangesAsync(ct);
        return WorkspaceDto.From(scope);
    }
}
