using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Orchestration;
using Symphony.Domain.Runs;

namespace Symphony.Application.Orchestration;

public sealed class ListOrchestrationInstancesHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public static ListDefinition<OrchestrationInstance> Definition { get; } = new ListDefinition<OrchestrationInstance>()
        .Filter("engine_id", v =>
        {
            var engine = FilterValues.Id(v);
            return new(o => o.EngineId == engine);
        })
        .Filter("status", v =>
        {
            var status = FilterValues.Enum<ExecutionStatus>(v);
            return new(o => o.Status == status);
        })
        .Filter("external_id", v =>
        {
            var external = FilterValues.Text(v);
            return new(o => o.ExternalId == external);
        })
        .Sort("created_at", o => o.CreatedAt, isDefault: true)
        .Sort("started_at", o => o.StartedAt);

    public async Task<PagedResult<OrchestrationInstanceDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.OrchestrationInstances, request, o => o, ct,
            new Specification<OrchestrationInstance>(o => o.WorkspaceId == scope.Id));
        return new PagedResult<OrchestrationInstanceDto>(await OrchestrationInstanceDto.LoadManyAsync(db, page.Items, ct),
            page.Total, page.Page, page.Pages, page.Limit);
    }
}
