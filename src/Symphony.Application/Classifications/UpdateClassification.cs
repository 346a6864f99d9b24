using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Classifications;

namespace Symphony.Application.Classifications;

/// <summary>Changes a classification's name, description, risk, priority or colour; the code is fixed.</summary>
public sealed record UpdateClassificationCommand(
    string? Name = null, string? Description = null, int? RiskLevel = null, int? Priority = null, string? Colour = null, int? Version = null);

public sealed class UpdateClassificationValidator : AbstractValidator<UpdateClassificationCommand>
{
    public UpdateClassificationValidator()
    {
        RuleFor(c => c.Name).Must(n => n is null || n.Trim().Length > 0).WithMessage("name must not be empty.").MaximumLength(100).PlainText();
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
        RuleFor(c => c.RiskLevel).RiskLevel();
        RuleFor(c => c.Priority).InclusiveBetween(0, 1000);
        RuleFor(c => c.Colour).Colour();
        RuleFor(c => c.Version).RequiredVersion();
    }
}

public sealed class UpdateClassificationHandler(IApplicationDbContext db, WorkspaceLookup lookup, UpdateClassificationValidator validator, AuditLog audit)
{
    public async Task<ClassificationDto> HandleAsync(string workspace, Guid id, UpdateClassificationCommand command, CancellationToken ct)
    {
        var classification = await lookup.FindAsync<Classification>(workspace, id, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        db.ExpectVersion(classification, command.Version!.Value);
        if (command.Name is not null) classification.Name = command.Name;
        if (command.Description is not null) classification.Description = command.Description.NullIfBlank();
        if (command.RiskLevel is { } risk) classification.RiskLevel = risk;
        if (command.Priority is { } priority) classification.Priority = priority;
        if (command.Colour is not null) classification.Colour = command.Colour.NullIfBlank()?.ToLowerInvariant();
        audit.Record(AuditActions.ClassificationUpdated, "classification", classification.Id, classification.WorkspaceId,
            new { code = classification.Code, risk_level = classification.RiskLevel });
        await db.SaveChangesAsync(ct);
        return await ClassificationRules.DtoAsync(db, classification, ct);
    }
}
