using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Automations;

namespace Symphony.Application.Automations;

public sealed class ListAutomationsHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public static ListDefinition<Automation> Definition { get; } = new ListDefinition<Automation>()
        .Filter("search", v =>
        {
            var term = FilterValues.Text(v).ToLowerInvariant();
            return new(a => a.Name.ToLower().Contains(term));
        })
        .Filter("handler_kind", v =>
        {
            var kind = FilterValues.Text(v, 50);
            return new(a => a.HandlerKind == kind);
        })
        .AllowIncludeDeleted()
        .Sort("name", a => a.Name, isDefault: true)
        .Sort("created_at", a => a.CreatedAt);

    public async Task<PagedResult<AutomationDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.Automations, request, a => a, ct, new Specification<Automation>(a => a.WorkspaceId == scope.Id));
        return new PagedResult<AutomationDto>(page.Items.Select(AutomationDto.From).ToList(), page.Total, page.Page, page.Pages, page.Limit);
    }
}
