using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Orchestration;

namespace Symphony.Application.Orchestration;

public sealed class ListEnginesHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public static ListDefinition<Engine> Definition { get; } = new ListDefinition<Engine>()
        .Filter("search", v =>
        {
            var term = FilterValues.Text(v).ToLowerInvariant();
            return new(e => e.Name.ToLower().Contains(term));
        })
        .Filter("type", v =>
        {
            var type = FilterValues.Text(v);
            return new(e => e.Type == type);
        })
        .AllowIncludeDeleted()
        .Sort("name", e => e.Name, isDefault: true)
        .Sort("created_at", e => e.CreatedAt);

    public async Task<PagedResult<EngineDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.Engines, request, e => e, ct, new Specification<Engine>(e => e.WorkspaceId == scope.Id));
        return new PagedResult<EngineDto>(page.Items.Select(EngineDto.From).ToList(), page.Total, page.Page, page.Pages, page.Limit);
    }
}
