using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Classifications;

namespace Symphony.Application.Classifications;

/// <summary>What the classification use cases share: field rules, and each classification's current rules.</summary>
public static class ClassificationRules
{
    public static IRuleBuilderOptions<T, int?> RiskLevel<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(Classification.MinRisk, Classification.MaxRisk).WithMessage($"risk_level is {Classification.MinRisk} to {Classification.MaxRisk}.");

    /// <summary>The current rules: the newest version of each classification's rule for each db type, chosen in SQL.</summary>
    public static IQueryable<ClassificationRule> Current(IApplicationDbContext db) =>
        db.ClassificationRules.Where(r => r.RuleVersion
            == db.ClassificationRules.Where(x => x.ClassificationId == r.ClassificationId && x.DbType == r.DbType).Max(x => x.RuleVersion));

    /// <summary>The current rule version of each db type, per classification.</summary>
    public static async Task<Dictionary<Guid, List<CurrentRule>>> CurrentAsync(IApplicationDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        (await Current(db).Where(r => ids.Contains(r.ClassificationId))
            .Select(r => new { r.ClassificationId, Rule = new CurrentRule(r.DbType, r.RuleVersion, r.CreatedAt) }).ToListAsync(ct))
        .GroupBy(r => r.ClassificationId)
        .ToDictionary(g => g.Key, g => g.Select(r => r.Rule).OrderBy(r => r.DbType, StringComparer.Ordinal).ToList());

    public static async Task<ClassificationDto> DtoAsync(IApplicationDbContext db, Classification c, CancellationToken ct) =>
        ClassificationDto.From(c, (await CurrentAsync(db, [c.Id], ct)).GetValueOrDefault(c.Id) ?? []);
}
