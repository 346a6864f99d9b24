using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Classifications;

namespace Symphony.Application.Classifications;

/// <summary>The versions of a classification's rules, newest first, the current one of each db type marked; filter <c>db_type</c>.</summary>
public sealed class ListRulesHandler(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public static ListDefinition<ClassificationRule> Definition { get; } = new ListDefinition<ClassificationRule>()
        .Filter("db_type", v =>
        {
            var dbType = FilterValues.Text(v, 20);
            return new(r => r.DbType == dbType);
        })
        .Sort("version", r => r.RuleVersion, isDefault: true, defaultOrder: SortOrder.Desc)
        .Sort("created_at", r => r.CreatedAt);

    public async Task<PagedResult<RuleDto>> HandleAsync(string workspace, Guid classificationId, ListRequest request, CancellationToken ct)
    {
        var classification = await lookup.FindAsync<Classification>(workspace, classificationId, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.ClassificationRules, request, r => r, ct,
            new Specification<ClassificationRule>(r => r.ClassificationId == classification.Id));
        var current = (await ClassificationRules.Current(db).Where(r => r.ClassificationId == classification.Id).Select(r => r.Id).ToListAsync(ct)).ToHashSet();
        return new PagedResult<RuleDto>(page.Items.Select(r => RuleDto.From(r, current.Contains(r.Id))).ToList(), page.Total, page.Page, page.Pages, page.Limit);
    }
}
