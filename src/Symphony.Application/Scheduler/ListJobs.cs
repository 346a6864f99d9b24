using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;

namespace Symphony.Application.Scheduler;

/// <summary>Every job of the workspace, built-ins first, each with its state, next firing and latest firing.</summary>
public sealed class ListJobsHandler(IApplicationDbContext db, WorkspaceAccess access, JobLookup lookup)
{
    public async Task<IReadOnlyList<JobDto>> HandleAsync(string workspace, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var jobs = await lookup.AllAsync(scope.Id, ct);
        var latest = await Firings.LatestAsync(db, scope.Id, jobs.Select(j => j.Job.Id).ToList(), ct);
        return jobs.OrderByDescending(j => j.Job.BuiltIn).ThenBy(j => j.Job.Id, StringComparer.Ordinal)
            .Select(j => JobDto.From(j, latest.GetValueOrDefault(j.Job.Id)))
            .ToList();
    }
}
