using Symphony.Domain.Scheduler;

namespace Symphony.Application.Scheduler;

/// <summary>A built-in job of the scheduler file: the job every workspace gets (its workspace id left empty), and whether it starts enabled.</summary>
public sealed record BuiltInJob(ScheduledJob Job, bool Enabled)
{
    /// <summary>Creates the job in a workspace as the file says, unless a job of its id is there (false then).</summary>
    public Task<bool> CreateInAsync(IJobStore store, Guid workspaceId, CancellationToken ct) =>
        store.CreateAsync(Job with { WorkspaceId = workspaceId }, paused: !Enabled, ct);

    /// <summary>Puts the job in a workspace back as the file says, whatever was changed since.</summary>
    public Task ResetInAsync(IJobStore store, Guid workspaceId, CancellationToken ct) =>
        store.SaveAsync(Job with { WorkspaceId = workspaceId }, paused: !Enabled, ct);
}

/// <summary>The built-in jobs, read once from the scheduler file at start-up.</summary>
public sealed class BuiltInJobs(IReadOnlyList<BuiltInJob> jobs)
{
    public IReadOnlyList<BuiltInJob> All { get; } = jobs;

    public BuiltInJob? Find(string id) => All.FirstOrDefault(j => j.Job.Id == id);
}
