using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet.Tags;

/// <summary>The checks tag use cases share: lists of tag codes, and tag codes resolved in a workspace.</summary>
public static class TagRules
{
    /// <summary>A list of tag codes in a request: 1 to 50, each of the code's form.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> TagCodes<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Must(codes => codes is null || (codes.Count is >= 1 and <= Tag.MaxPerInstance && codes.All(c => c is not null && Names.Code().IsMatch(c))))
            .WithMessage($"tags is a list of 1 to {Tag.MaxPerInstance} tag codes (lower-case letters, digits, '-' and '_').");

    /// <summary>The active tags with these codes; 400 on <paramref name="field"/> naming the first code the workspace does not have.</summary>
    public static async Task<List<Tag>> ResolveAsync(IApplicationDbContext db, Guid workspaceId, IReadOnlyCollection<string> codes, string field, CancellationToken ct)
    {
        var tags = await db.Tags.Where(t => t.WorkspaceId == workspaceId && codes.Contains(t.Code)).ToListAsync(ct);
        if (codes.FirstOrDefault(code => tags.All(t => t.Code != code)) is { } missing)
            throw DomainException.Validation(field, $"No tag '{missing}' in this workspace.");
        return tags;
    }

    /// <summary>How many active instances carry each tag.</summary>
    public static async Task<Dictionary<Guid, int>> InstanceCountsAsync(IApplicationDbContext db, IReadOnlyCollection<Guid> tagIds, CancellationToken ct) =>
        await db.InstanceTags.Where(l => tagIds.Contains(l.TagId))
            .Join(db.Instances, l => l.InstanceId, i => i.Id, (l, i) => l.TagId)
            .GroupBy(id => id).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
}
