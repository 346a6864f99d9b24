using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Classifications;
using Symphony.Domain.Identity;

namespace Symphony.Application.Classifications;

/// <summary>Every version of a classification's rules, newest first, the current one of each db type marked.</summary>
public sealed class ListRulesHandler(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public async Task<IReadOnlyList<RuleDto>> HandleAsync(string workspace, Guid classificationId, CancellationToken ct)
    {
        var classification = await lookup.FindAsync<Classification>(workspace, classificationId, Permission.ReadWorkspace, ct);
        var rules = await db.ClassificationRules.Where(r => r.ClassificationId == classification.Id)
            .OrderBy(r => r.DbType).ThenByDescending(r => r.RuleVersion).ToListAsync(ct);
        var newest = rules.GroupBy(r => r.DbType).ToDictionary(g => g.Key, g => g.Max(r => r.RuleVersion));
        return rules.Select(r => RuleDto.From(r, r.RuleVersion == newest[r.DbType])).ToList();
    }
}
