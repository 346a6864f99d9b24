using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Classifications;

namespace Symphony.Application.Classifications;

public sealed class ListClassificationsHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public static ListDefinition<Classification> Definition { get; } = new ListDefinition<Classification>()
        .Filter("search", v =>
        {
            var term = FilterValues.Text(v).ToLowerInvariant();
            return new(c => c.Code.Contains(term) || c.Name.ToLower().Contains(term));
        })
        .Filter("risk_level", v => int.TryParse(v, out var risk) && risk is >= Classification.MinRisk and <= Classification.MaxRisk
            ? new(c => c.RiskLevel == risk)
            : throw new FormatException($"risk_level is {Classification.MinRisk} to {Classification.MaxRisk}."))
        .Sort("priority", c => c.Priority, isDefault: true, defaultOrder: SortOrder.Desc)
        .Sort("risk_level", c => c.RiskLevel)
        .Sort("code", c => c.Code)
        .Sort("created_at", c => c.CreatedAt);

    public async Task<PagedResult<ClassificationDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.Classifications, request, c => c, ct, new Specification<Classification>(c => c.WorkspaceId == scope.Id));
        var rules = await ClassificationRules.CurrentAsync(db, page.Items.Select(c => c.Id).ToList(), ct);
        return new PagedResult<ClassificationDto>(page.Items.Select(c => ClassificationDto.From(c, rules.GetValueOrDefault(c.Id) ?? [])).ToList(),
            page.Total, page.Page, page.Pages, page.Limit);
    }
}
