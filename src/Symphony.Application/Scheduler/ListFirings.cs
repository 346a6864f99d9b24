using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Scheduler;

namespace Symphony.Application.Scheduler;

/// <summary>The firing history of the workspace's jobs, newest first, filtered by job, outcome and time.</summary>
public sealed class ListFiringsHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public static ListDefinition<Firing> Definition { get; } = new ListDefinition<Firing>()
        .Filter("job_id", v =>
        {
            var id = FilterValues.Text(v, ScheduledJob.MaxIdLength);
            return new(f => f.JobId == id);
        })
        .Filter("outcome", v =>
        {
            var outcome = FilterValues.Enum<FiringOutcome>(v);
            return new(f => f.Outcome == outcome);
        })
        .Filter("manual", v =>
        {
            var manual = FilterValues.Bool(v);
            return new(f => f.Manual == manual);
        })
        .Filter("since", v =>
        {
            var since = FilterValues.Time(v);
            return new(f => f.FiredAt >= since);
        })
        .Filter("until", v =>
        {
            var until = FilterValues.Time(v);
            return new(f => f.FiredAt < until);
        })
        .Sort("fired_at", f => f.FiredAt, isDefault: true, defaultOrder: SortOrder.Desc)
        .Sort("scheduled_at", f => f.ScheduledAt);

    public async Task<PagedResult<FiringDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.Firings, request, f => f.Id, ct, new Specification<Firing>(f => f.WorkspaceId == scope.Id));
        var ids = page.Items.ToList();
        var rows = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            Firings.WithRunStatus(db, db.Firings.Where(f => ids.Contains(f.Id))), ct);
        var byId = rows.ToDictionary(f => f.Id);
        // A firing deleted between the two reads (retention) is left out.
        return new PagedResult<FiringDto>(ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList(), page.Total, page.Page, page.Pages, page.Limit);
    }
}
