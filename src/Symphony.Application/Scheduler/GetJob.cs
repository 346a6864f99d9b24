using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;

namespace Symphony.Application.Scheduler;

/// <summary>One job with its next five fire times (none while paused).</summary>
public sealed class GetJobHandler(IApplicationDbContext db, WorkspaceAccess access, IJobStore store, JobLookup jobs)
{
    public const int NextFireTimeCount = 5;

    public async Task<JobDto> HandleAsync(string workspace, string jobId, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var stored = await jobs.FindAsync(scope.Id, jobId, ct);
        var latest = await Firings.LatestAsync(db, scope.Id, [jobId], ct);
        IReadOnlyList<DateTime> next = stored is { State: Domain.Scheduler.JobState.Paused } or { NextFireAt: null }
            ? []
            : [stored.NextFireAt.Value, .. store.NextFireTimes(stored.Job.Schedule, stored.NextFireAt.Value, NextFireTimeCount - 1)];
        return JobDto.From(stored, latest.GetValueOrDefault(jobId), next);
    }

}
