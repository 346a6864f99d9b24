using Symphony.Domain.Scheduler;

namespace Symphony.Application.Scheduler;

/// <summary>Why a schedule cannot fire, and the field of the schedule at fault (<c>cron</c> or <c>time_zone</c>).</summary>
public sealed record ScheduleProblem(string Field, string Message);

/// <summary>A job as the job store holds it: its definition and where its trigger stands.</summary>
public sealed record StoredJob(ScheduledJob Job, JobState State, DateTime? NextFireAt, DateTime? PreviousFireAt);

/// <summary>
/// The persistent job store the scheduler fires from (Quartz.NET's, in the platform database). Jobs are grouped by
/// workspace; a job and its trigger are written together.
/// </summary>
public interface IJobStore
{
    Task<IReadOnlyList<StoredJob>> ListAsync(Guid workspaceId, CancellationToken ct);

    Task<StoredJob?> FindAsync(Guid workspaceId, string jobId, CancellationToken ct);

    /// <summary>Every workspace that has jobs, with their ids: what the built-in sweep compares with the workspaces.</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlySet<string>>> JobIdsByWorkspaceAsync(CancellationToken ct);

    /// <summary>Creates the job with its trigger; false when a job of that id exists already (it is left as it is).</summary>
    Task<bool> CreateAsync(ScheduledJob job, bool paused, CancellationToken ct);

    /// <summary>Replaces (or creates) the job's definition and trigger; it keeps its paused state unless told.</summary>
    Task SaveAsync(ScheduledJob job, bool? paused, CancellationToken ct);

    Task<bool> DeleteAsync(Guid workspaceId, string jobId, CancellationToken ct);

    Task DeleteWorkspaceAsync(Guid workspaceId, CancellationToken ct);

    Task PauseAsync(Guid workspaceId, string jobId, CancellationToken ct);

    Task ResumeAsync(Guid workspaceId, string jobId, CancellationToken ct);

    /// <summary>Why the schedule cannot fire (with the position of a cron error), or null when it can.</summary>
    ScheduleProblem? ScheduleProblem(JobSchedule schedule);

    /// <summary>The next <paramref name="count"/> times the schedule fires after <paramref name="after"/>, in UTC.</summary>
    IReadOnlyList<DateTime> NextFireTimes(JobSchedule schedule, DateTime after, int count);
}
