using Symphony.Domain.Common;
using Symphony.Domain.Scheduler;

namespace Symphony.Application.Scheduler;

/// <summary>
/// A workspace's jobs as the API shows them. A built-in job the workspace does not have yet (a workspace made since
/// the last sweep of <see cref="BuiltInJobSweep"/>) is created from the scheduler file on first sight.
/// </summary>
public sealed class JobLookup(IJobStore store, BuiltInJobs builtIns)
{
    public async Task<IReadOnlyList<StoredJob>> AllAsync(Guid workspaceId, CancellationToken ct)
    {
        var jobs = await store.ListAsync(workspaceId, ct);
        var missing = builtIns.All.Where(b => jobs.All(j => j.Job.Id != b.Job.Id)).ToList();
        if (missing.Count == 0) return jobs;
        foreach (var builtIn in missing)
            await builtIn.CreateInAsync(store, workspaceId, ct);
        return await store.ListAsync(workspaceId, ct);
    }

    /// <summary>The job, or 404 naming it.</summary>
    public async Task<StoredJob> FindAsync(Guid workspaceId, string jobId, CancellationToken ct)
    {
        if (!ScheduledJob.IsValidId(jobId)) throw DomainException.NotFound($"Job '{jobId}'");
        if (await store.FindAsync(workspaceId, jobId, ct) is { } stored) return stored;
        if (builtIns.Find(jobId) is { } builtIn)
        {
            await builtIn.CreateInAsync(store, workspaceId, ct);
            if (await store.FindAsync(workspaceId, jobId, ct) is { } created) return created;
        }
        throw DomainException.NotFound($"Job '{jobId}'");
    }
}
