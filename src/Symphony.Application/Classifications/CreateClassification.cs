using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Classifications;

namespace Symphony.Application.Classifications;

public sealed record CreateClassificationCommand(
    string Code, string Name, int? RiskLevel = null, string? Description = null, int? Priority = null, string? Colour = null);

public sealed class CreateClassificationValidator : AbstractValidator<CreateClassificationCommand>
{
    public CreateClassificationValidator()
    {
        RuleFor(c => c.Code).Code();
        RuleFor(c => c.Name).NotEmpty().MaximumLength(100).PlainText();
        RuleFor(c => c.RiskLevel).NotNull().WithMessage("risk_level is required.").RiskLevel();
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
        RuleFor(c => c.Priority).InclusiveBetween(0, 1000);
        RuleFor(c => c.Colour).Colour();
    }
}

public sealed class CreateClassificationHandler(IApplicationDbContext db, WorkspaceAccess access, CreateClassificationValidator validator, AuditLog audit)
{
    public async Task<ClassificationDto> HandleAsync(string workspace, CreateClassificationCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        await db.Classifications.Where(c => c.WorkspaceId == scope.Id)
            .EnsureRoomForAsync(command.Code, Classification.MaxPerWorkspace, "Classification", "classifications", "workspace", ct, nameof(Classification.Code));

        var classification = new Classification
        {
            WorkspaceId = scope.Id, Code = command.Code, Name = command.Name, RiskLevel = command.RiskLevel!.Value,
            Description = command.Description.NullIfBlank(), Priority = command.Priority ?? 0,
            Colour = command.Colour.NullIfBlank()?.ToLowerInvariant(),
        };
        db.Classifications.Add(classification);
        audit.Record(AuditActions.ClassificationCreated, "classification", classification.Id, scope.Id, new { code = classification.Code, risk_level = classification.RiskLevel });
        await db.SaveChangesAsync(ct);
        return ClassificationDto.From(classification, []);
    }
}
