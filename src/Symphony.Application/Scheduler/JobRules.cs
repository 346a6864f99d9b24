using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Application.Fleet.Tags;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;
using Symphony.Domain.Scheduler;

namespace Symphony.Application.Scheduler;

/// <summary>A schedule fires: exactly one of cron (with a known time zone) or interval_seconds, and the store can compute it.</summary>
public sealed class JobScheduleValidator : AbstractValidator<JobSchedule>
{
    public JobScheduleValidator(IJobStore store)
    {
        RuleFor(s => s).Must(s => (s.Cron is null) != (s.IntervalSeconds is null))
            .WithName("schedule").WithMessage("Give either cron (with time_zone) or interval_seconds.");
        RuleFor(s => s.TimeZone).Null().When(s => s.IntervalSeconds is not null).WithMessage("time_zone goes with cron only.");
        RuleFor(s => s.Cron).MaximumLength(120);
        RuleFor(s => s.TimeZone).MaximumLength(80);
        RuleFor(s => s.IntervalSeconds).InclusiveBetween(1, JobSchedule.MaxIntervalSeconds);
        RuleFor(s => s).Custom((schedule, context) =>
        {
            if ((schedule.Cron is null) == (schedule.IntervalSeconds is null) || schedule.Cron is { Length: > 120 }) return;
            if (store.ScheduleProblem(schedule) is { } problem)
                context.AddFailure(problem.Field, problem.Message);
        });
    }
}

public sealed class JobScopeValidator : AbstractValidator<JobScope>
{
    public JobScopeValidator()
    {
        RuleFor(s => s.InstanceIds!.Count).InclusiveBetween(1, 1000).When(s => s.InstanceIds is not null).WithName("instance_ids");
        RuleFor(s => s.BatchIds!.Count).InclusiveBetween(1, 1000).When(s => s.BatchIds is not null).WithName("batch_ids");
        RuleFor(s => s.DbType).KnownDbType();
        RuleFor(s => s.Environment).MaximumLength(50).PlainText();
        RuleFor(s => s.Tags).TagCodes();
    }
}

public static class JobRules
{
    /// <summary>The built-in automation a job's automation (as stored: a built-in's name) stands for, by its items' scope.</summary>
    private static BuiltInScope? ScopeOf(string automation) => BuiltIns.Named(automation) is { Schedulable: true } builtIn ? builtIn.Scope : null;

    /// <summary>
    /// The automation a job names, as stored on it: a fleet automation's built-in name, or an automation id of the
    /// workspace. The scope must suit it: instances for a fleet automation, batches for any other.
    /// </summary>
    internal static async Task<string> ResolveAutomationAsync(IApplicationDbContext db, Guid workspaceId, string automation, JobScope scope, CancellationToken ct)
    {
        string? name = null;
        if (Guid.TryParse(automation, out var id))
            name = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
                db.Automations.Where(a => a.WorkspaceId == workspaceId && a.Id == id).Select(a => a.Name), ct);
        else if (BuiltIns.SchedulableNames.Contains(automation))
            name = automation;
        if (name is null)
            throw DomainException.Validation("automation",
                $"No automation '{automation}' in this workspace: give an automation id or a built-in automation's name ({string.Join(", ", BuiltIns.SchedulableNames)}).");
        if (ScopeOf(name) == BuiltInScope.FixedItems)
            return scope == JobScope.All ? name
                : throw DomainException.Validation("scope", $"'{name}' covers the whole workspace: its job has no scope.");
        var isFleet = ScopeOf(name) == BuiltInScope.Instances;
        if (isFleet && scope.BatchIds is not null)
            throw DomainException.Validation("scope.batch_ids", "A fleet automation's scope names instances, db type, environment and tags, not batches.");
        if (!isFleet && (scope.InstanceIds is not null || scope.DbType is not null || scope.Environment is not null || scope.Tags is not null))
            throw DomainException.Validation("scope", "Only a fleet automation's scope names instances, db type, environment or tags; this automation's scope names batches.");
        if (isFleet && scope.Tags is { } codes)
            await TagRules.ResolveAsync(db, workspaceId, codes.Distinct().ToList(), "scope.tags", ct);
        return isFleet ? name : id.ToString();
    }

    /// <summary>
    /// Refuses a schedule that fires more often than its kind of job may (<see cref="JobLimitOptions"/>): an interval
    /// below the minimum, or a cron whose next firings (up to 500, within a year) come closer together than it.
    /// <paramref name="automation"/> is the job's automation as stored: a built-in's name, or an automation id.
    /// </summary>
    internal static void EnsureNotTooFrequent(IJobStore store, JobSchedule schedule, string automation, JobLimitOptions limits, DateTime now)
    {
        var (kind, minimum) = ScopeOf(automation) switch
        {
            BuiltInScope.FixedItems => ("a housekeeping job", limits.MinimumHousekeepingInterval),
            BuiltInScope.Instances => ("a fleet job", limits.MinimumFleetInterval),
            _ => ("a job", limits.MinimumCustomInterval),
        };
        if (schedule.IntervalSeconds is { } seconds)
        {
            if (seconds < minimum.TotalSeconds)
                throw DomainException.Validation("interval_seconds", $"{Capitalised(kind)} fires at most every {minimum.TotalSeconds:0} s; give interval_seconds of {minimum.TotalSeconds:0} or more.");
            return;
        }
        var times = store.NextFireTimes(schedule, now, 500).TakeWhile(t => t < now.AddYears(1)).ToList();
        for (var i = 1; i < times.Count; i++)
        {
            if (times[i] - times[i - 1] >= minimum) continue;
            throw DomainException.Validation("cron",
                $"The cron fires {(times[i] - times[i - 1]).TotalSeconds:0} s apart ({times[i - 1]:yyyy-MM-dd HH:mm:ss} and {times[i]:HH:mm:ss} UTC); {kind} fires at most every {minimum.TotalSeconds:0} s.");
        }
    }

    /// <summary>Refuses a new custom job when the workspace's jobs, its built-in jobs counted made or not, are at the limit.</summary>
    internal static void EnsureRoomForJob(IReadOnlyList<StoredJob> jobs, BuiltInJobs builtIns, JobLimitOptions limits)
    {
        var count = jobs.Count(j => !j.Job.BuiltIn) + builtIns.All.Count;
        if (count >= limits.MaxJobsPerWorkspace)
            throw new DomainException(MessageCodes.LimitExceeded,
                $"A workspace has at most {limits.MaxJobsPerWorkspace} jobs, its {builtIns.All.Count} built-in jobs among them; delete a job first.");
    }

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    internal static DateTime NowUtc(this TimeProvider clock) => clock.GetUtcNow().UtcDateTime;
}
