using System.Text.Json;
using Quartz;
using Symphony.Application.Scheduler;
using Symphony.Domain.Scheduler;

namespace Symphony.Infrastructure.Scheduler;

/// <summary>
/// Jobs in Quartz.NET's job store: one Quartz job per Symphony job, in a group named by the workspace id, with one
/// trigger of the same key. The job's definition is kept as JSON in its job data.
/// </summary>
internal sealed class QuartzJobStore(SchedulerRuntime runtime) : IJobStore
{
    private const string DefinitionKey = "definition";
    private const int Page = 500;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public async Task<IReadOnlyList<StoredJob>> ListAsync(Guid workspaceId, CancellationToken ct)
    {
        var scheduler = await runtime.SchedulerAsync(ct);
        var group = GroupOf(workspaceId);
        var triggers = await AllAsync(skip => scheduler.QueryTriggers(new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupStartsWith(group), Skip = skip, Take = Page }, ct));
        var details = await scheduler.GetJobDetails(triggers.Where(t => t.JobKey.Group == group).Select(t => t.JobKey).ToList(), ct);
        var byKey = triggers.ToDictionary(t => t.JobKey);
        return details.Select(d => Stored(d, byKey.GetValueOrDefault(d.Key))).ToList();
    }

    public async Task<StoredJob?> FindAsync(Guid workspaceId, string jobId, CancellationToken ct)
    {
        var scheduler = await runtime.SchedulerAsync(ct);
        var key = new JobKey(jobId, GroupOf(workspaceId));
        var detail = await scheduler.GetJobDetail(key, ct);
        if (detail is null) return null;
        var triggers = await scheduler.QueryTriggers(new TriggerQuery { Job = key, Take = 1 }, ct);
        return Stored(detail, triggers.Items.Count > 0 ? triggers.Items[0] : null);
    }

    public async Task<IReadOnlyDictionary<Guid, IReadOnlySet<string>>> JobIdsByWorkspaceAsync(CancellationToken ct)
    {
        var scheduler = await runtime.SchedulerAsync(ct);
        var jobs = await AllAsync(skip => scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.AnyGroup(), Skip = skip, Take = Page }, ct));
        return jobs.Select(j => j.Key).Where(k => Guid.TryParseExact(k.Group, "N", out _))
            .GroupBy(k => Guid.ParseExact(k.Group, "N"))
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(k => k.Name).ToHashSet(StringComparer.Ordinal));
    }

    public async Task<bool> CreateAsync(ScheduledJob job, bool paused, CancellationToken ct)
    {
        var scheduler = await runtime.SchedulerAsync(ct);
        var (detail, trigger) = Build(job);
        try
        {
            await scheduler.ScheduleJob(detail, trigger, new ScheduleJobOptions { Paused = paused }, ct);
            return true;
        }
        catch (ObjectAlreadyExistsException)
        {
            return false;
        }
    }

    public async Task SaveAsync(ScheduledJob job, bool? paused, CancellationToken ct)
    {
        var scheduler = await runtime.SchedulerAsync(ct);
        var (detail, trigger) = Build(job);
        var wasPaused = await scheduler.GetTriggerState(trigger.Key, ct) == TriggerState.Paused;
        await scheduler.ScheduleJob(detail, trigger, new ScheduleJobOptions { Replace = true, Paused = paused ?? wasPaused }, ct);
    }

    public async Task<bool> DeleteAsync(Guid workspaceId, string jobId, CancellationToken ct) =>
        await (await runtime.SchedulerAsync(ct)).DeleteJob(new JobKey(jobId, GroupOf(workspaceId)), ct);

    public async Task DeleteWorkspaceAsync(Guid workspaceId, CancellationToken ct) =>
        await (await runtime.SchedulerAsync(ct)).DeleteJobs(GroupMatcher<JobKey>.GroupStartsWith(GroupOf(workspaceId)), ct);

    public async Task PauseAsync(Guid workspaceId, string jobId, CancellationToken ct) =>
        await (await runtime.SchedulerAsync(ct)).PauseJob(new JobKey(jobId, GroupOf(workspaceId)), ct);

    public async Task ResumeAsync(Guid workspaceId, string jobId, CancellationToken ct) =>
        await (await runtime.SchedulerAsync(ct)).ResumeJob(new JobKey(jobId, GroupOf(workspaceId)), ct);

    public ScheduleProblem? ScheduleProblem(JobSchedule schedule) => Schedules.Problem(schedule);

    public IReadOnlyList<DateTime> NextFireTimes(JobSchedule schedule, DateTime after, int count) => Schedules.NextFireTimes(schedule, after, count);

    /// <summary>The job a firing is for, read from the Quartz job that fired.</summary>
    public static ScheduledJob Definition(IJobDetail detail) =>
        JsonSerializer.Deserialize<ScheduledJob>(detail.JobDataMap[DefinitionKey] as string
            ?? throw new InvalidOperationException($"Job {detail.Key} has no Symphony definition."), Json)!;

    // Workspace groups are ids of one length, so a group's prefix match is the group alone.
    private static string GroupOf(Guid workspaceId) => workspaceId.ToString("N");

    private static async Task<List<T>> AllAsync<T>(Func<int, ValueTask<PagedResult<T>>> page)
    {
        var all = new List<T>();
        PagedResult<T> result;
        do
        {
            result = await page(all.Count);
            all.AddRange(result.Items);
        }
        while (result.HasMore && result.Items.Count > 0);
        return all;
    }

    private static StoredJob Stored(IJobDetail detail, TriggerHeader? trigger) => new(
        Definition(detail),
        trigger?.State switch
        {
            TriggerState.Paused => JobState.Paused,
            TriggerState.Complete or TriggerState.None or null => JobState.Complete,
            TriggerState.Error => JobState.Error,
            _ => JobState.Normal,
        },
        trigger?.NextFireTimeUtc?.UtcDateTime,
        trigger?.PreviousFireTimeUtc?.UtcDateTime);

    private static (IJobDetail, ITrigger) Build(ScheduledJob job)
    {
        var key = new JobKey(job.Id, GroupOf(job.WorkspaceId));
        var detail = JobBuilder.Create<FiringJob>()
            .WithIdentity(key)
            .WithDescription(job.Name)
            .UsingJobData(DefinitionKey, JsonSerializer.Serialize(job, Json))
            .RequestRecovery(true)
            // A job whose trigger has no firing left (a cron whose years are past) stays listed, as complete.
            .StoreDurably(true)
            .Build();
        // Quartz.NET fires by its own clock, the machine's: the trigger starts on that clock, not on TimeProvider.
        var trigger = Schedules.Trigger(job.Schedule, job.Misfire, DateTimeOffset.UtcNow)
            .WithIdentity(new TriggerKey(job.Id, key.Group))
            .ForJob(key)
            .Build();
        return (detail, trigger);
    }
}
