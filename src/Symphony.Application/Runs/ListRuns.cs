using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Runs;

namespace Symphony.Application.Runs;

public sealed class ListRunsHandler(IApplicationDbContext db, WorkspaceAccess access, TimeProvider clock)
{
    public static ListDefinition<Run> Definition { get; } = new ListDefinition<Run>()
        .Filter("automation_id", v =>
        {
            var id = FilterValues.Id(v);
            return new(r => r.AutomationId == id);
        })
        .Filter("status", v =>
        {
            var status = FilterValues.Enum<ExecutionStatus>(v);
            return new(r => r.Status == status);
        })
        .Filter("trigger", v =>
        {
            var trigger = FilterValues.Enum<RunTrigger>(v);
            return new(r => r.Trigger == trigger);
        })
        .Filter("since", v =>
        {
            var since = FilterValues.Time(v);
            return new(r => r.CreatedAt >= since);
        })
        .Filter("correlation_id", v =>
        {
            var id = FilterValues.Text(v, 100);
            return new(r => r.CorrelationId == id);
        })
        .Sort("created_at", r => r.CreatedAt, isDefault: true, defaultOrder: SortOrder.Desc)
        .Sort("finished_at", r => r.FinishedAt);

    public async Task<PagedResult<RunDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.Runs, request, r => r, ct, new Specification<Run>(r => r.WorkspaceId == scope.Id));
        return new PagedResult<RunDto>(await RunDto.LoadManyAsync(db, page.Items, clock, ct), page.Total, page.Page, page.Pages, page.Limit);
    }
}
