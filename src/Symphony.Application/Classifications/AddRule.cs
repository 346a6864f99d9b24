using System.Text.Json;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Classifications;
using Symphony.Domain.Common;

namespace Symphony.Application.Classifications;

/// <summary>A rule for one db type: a document of the rule language (docs/reference/classification-dsl.md).</summary>
public sealed record RuleCommand(string? DbType = null, JsonElement? Rule = null);

public sealed class RuleCommandValidator : AbstractValidator<RuleCommand>
{
    public RuleCommandValidator()
    {
        RuleFor(c => c.DbType).NotEmpty().WithMessage("db_type is required.");
        RuleFor(c => c.DbType).KnownDbType();
        RuleFor(c => c.Rule).NotNull().WithMessage("rule is required.");
    }
}

/// <summary>
/// Writes a new version of a classification's rule for a db type: checked and compiled first (422
/// INVALID_DSL_EXPRESSION naming each mistake), then stored as the next version. Versions are never changed.
/// </summary>
public sealed class AddRuleHandler(IApplicationDbContext db, WorkspaceLookup lookup, RuleCommandValidator validator, AuditLog audit)
{
    public async Task<RuleDto> HandleAsync(string workspace, Guid classificationId, RuleCommand command, CancellationToken ct)
    {
        var classification = await lookup.FindAsync<Classification>(workspace, classificationId, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        var expression = RuleExpression.Compile(command.Rule!.Value);
        if (await db.ClassificationRules.CountAsync(r => r.ClassificationId == classification.Id, ct) >= ClassificationRule.MaxVersions)
            throw new DomainException(MessageCodes.LimitExceeded,
                $"A classification keeps at most {ClassificationRule.MaxVersions} rule versions of all its db types; make a new classification instead.");
        var latest = await db.ClassificationRules.Where(r => r.ClassificationId == classification.Id && r.DbType == command.DbType)
            .MaxAsync(r => (int?)r.RuleVersion, ct) ?? 0;
        var rule = new ClassificationRule
        {
            WorkspaceId = classification.WorkspaceId, ClassificationId = classification.Id, DbType = command.DbType!,
            RuleVersion = latest + 1, Expression = expression.Json,
        };
        db.ClassificationRules.Add(rule);
        audit.Record(AuditActions.ClassificationRuleAdded, "classification", classification.Id, classification.WorkspaceId,
            new { code = classification.Code, db_type = rule.DbType, version = rule.RuleVersion });
        await db.SaveChangesAsync(ct);
        return RuleDto.From(rule, current: true);
    }
}
