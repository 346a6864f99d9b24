using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Runs;
using Symphony.Domain.Scheduler;

namespace Symphony.Application.Scheduler;

public sealed record FiringDto(
    Guid Id, string JobId, DateTime ScheduledAt, DateTime FiredAt, FiringOutcome Outcome, string? Reason,
    Guid? RunId, ExecutionStatus? RunStatus, bool Manual, string Node);

public sealed record JobDto(
    string Id, string Name, bool BuiltIn, string Automation, JobSchedule Schedule, JobScope Scope, MisfirePolicy Misfire,
    JobState State, DateTime? NextFireAt, DateTime? PreviousFireAt, FiringDto? LastFiring, IReadOnlyList<DateTime>? NextFireTimes)
{
    public static JobDto From(StoredJob stored, FiringDto? lastFiring, IReadOnlyList<DateTime>? nextFireTimes = null) => new(
        stored.Job.Id, stored.Job.Name, stored.Job.BuiltIn, stored.Job.Automation, stored.Job.Schedule, stored.Job.Scope, stored.Job.Misfire,
        stored.State, stored.NextFireAt, stored.PreviousFireAt, lastFiring, nextFireTimes);
}

internal static class Firings
{
    /// <summary>Firings with the status of the run each started, newest first when listed.</summary>
    public static IQueryable<FiringDto> WithRunStatus(IApplicationDbContext db, IQueryable<Firing> firings) =>
        from f in firings
        join r in db.Runs on f.RunId equals r.Id into runs
        from r in runs.DefaultIfEmpty()
        select new FiringDto(f.Id, f.JobId, f.ScheduledAt, f.FiredAt, f.Outcome, f.Reason, f.RunId,
            r == null ? null : r.Status, f.Manual, f.Node);

    /// <summary>The latest firing of each job named, by job id.</summary>
    public static async Task<Dictionary<string, FiringDto>> LatestAsync(IApplicationDbContext db, Guid workspaceId, IReadOnlyCollection<string> jobIds, CancellationToken ct)
    {
        var latest = db.Firings.Where(f => f.WorkspaceId == workspaceId && jobIds.Contains(f.JobId))
            .Where(f => f.FiredAt == db.Firings.Where(o => o.WorkspaceId == workspaceId && o.JobId == f.JobId).Max(o => o.FiredAt));
        var rows = await WithRunStatus(db, latest).ToListAsync(ct);
        return rows.GroupBy(f => f.JobId).ToDictionary(g => g.Key, g => g.MaxBy(f => f.Id)!);
    }
}
