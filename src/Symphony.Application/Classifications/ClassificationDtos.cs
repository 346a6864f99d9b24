using System.Text.Json;
using Symphony.Domain.Classifications;

namespace Symphony.Application.Classifications;

/// <summary>The current rule version of each db type a classification has rules for.</summary>
public sealed record CurrentRule(string DbType, int Version, DateTime CreatedAt);

public sealed record ClassificationDto(
    Guid Id, Guid WorkspaceId, string Code, string Name, string? Description, int RiskLevel, int Priority, string? Colour,
    IReadOnlyList<CurrentRule> Rules, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static ClassificationDto From(Classification c, IReadOnlyList<CurrentRule> rules) =>
        new(c.Id, c.WorkspaceId, c.Code, c.Name, c.Description, c.RiskLevel, c.Priority, c.Colour, rules, c.CreatedAt, c.UpdatedAt, c.Version);
}

/// <summary>One version of a rule; <c>current</c> when it is the newest of its db type.</summary>
public sealed record RuleDto(Guid Id, Guid ClassificationId, string DbType, int Version, JsonElement Rule, bool Current, DateTime CreatedAt, Guid? CreatedBy)
{
    public static RuleDto From(ClassificationRule r, bool current)
    {
        using var document = JsonDocument.Parse(r.Expression);
        return new(r.Id, r.ClassificationId, r.DbType, r.RuleVersion, document.RootElement.Clone(), current, r.CreatedAt, r.CreatedBy);
    }
}
