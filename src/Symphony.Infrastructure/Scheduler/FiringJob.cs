using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Symphony.Application.Common;
using Symphony.Application.Scheduler;

namespace Symphony.Infrastructure.Scheduler;

/// <summary>
/// What Quartz.NET runs when a trigger fires: the job's firing, in a scope of its own. Quartz never runs two
/// firings of one job at once, on any node (the job is non-concurrent in the clustered store), so the overlap
/// check and the start of the run are not raced by the job's next firing. The type's name is stored with every
/// job: renaming it needs a migration of <c>qrtz_job_details</c>.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class FiringJob(
    IServiceScopeFactory scopes, SchedulerFailures failures, IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<FiringJob> logger) : IJob
{
    /// <summary>How long a firing that met the store out waits before it is tried again.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var job = QuartzJobStore.Definition(context.JobDetail);
        // A job that skips what it missed never fires a due time later than the misfire threshold, whichever way
        // Quartz.NET came to fire it (a trigger left blocked by a node that died while the job ran is released
        // without passing through misfire handling).
        if (job.Misfire == Domain.Scheduler.MisfirePolicy.Skip && !context.Recovering && context.ScheduledFireTimeUtc is { } missed
            && context.FireTimeUtc - missed > options.Value.MisfireThreshold)
        {
            logger.LogInformation("Job {Job} of workspace {Workspace}: due time {Due:o} missed by {Late}; skipped, as its misfire policy says",
                job.Id, job.WorkspaceId, missed.UtcDateTime, context.FireTimeUtc - missed);
            Telemetry.SchedulerMisfires.Add(1, new KeyValuePair<string, object?>("symphony.misfire", "skip"));
            return;
        }
        // A firing recovered after its node died carries the time it was due then.
        var scheduledAt = (context.Recovering
            && context.MergedJobDataMap.TryGetValue(SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime, out var original)
            && DateTimeOffset.TryParse(original as string, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var due)
                ? due : context.ScheduledFireTimeUtc ?? context.FireTimeUtc).UtcDateTime;
        // The one firing of a fire_once job after missed due times: Quartz.NET reschedules it to the moment it handled
        // the misfire, so it is recorded, as documented, with the first due time missed (the next after its previous).
        if (job.Misfire == Domain.Scheduler.MisfirePolicy.FireOnce && !context.Recovering && context.PreviousFireTimeUtc is { } previous
            && Schedules.NextFireTimes(job.Schedule, previous.UtcDateTime, 1) is [var firstMissed]
            && scheduledAt - firstMissed > options.Value.MisfireThreshold)
        {
            scheduledAt = firstMissed;
            Telemetry.SchedulerMisfires.Add(1, new KeyValuePair<string, object?>("symphony.misfire", "fire_once"));
        }
        // The run and the firing are two saves: a store lost between them (a failover) keeps the run and not the
        // firing. A firing that met the store out is tried again until the store answers, within the misfire
        // threshold of its due time (what a late firing may start at all): its idempotency key finds the run it
        // started, so the firing is recorded with that run and no second run starts. Meanwhile it holds its Quartz
        // thread, and the job's next due time waits (and is handled by the job's misfire policy).
        var giveUpAt = new DateTimeOffset(scheduledAt, TimeSpan.Zero) + options.Value.MisfireThreshold;
        while (true)
        {
            try
            {
                await FireAsync(job, scheduledAt, context, cancellationToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Logged once with a count while it lasts; only the store being out is worth another try.
                failures.Failed(e);
                if (!Persistence.DatabaseErrors.IsStoreUnavailable(e) || clock.GetUtcNow() + RetryDelay > giveUpAt) return;
            }
            await Task.Delay(RetryDelay, clock, cancellationToken);
        }
    }

    private async Task FireAsync(Domain.Scheduler.ScheduledJob job, DateTime scheduledAt, IJobExecutionContext context, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<JobFiring>()
            .FireAsync(job, scheduledAt, context.Scheduler.SchedulerInstanceId, manual: false, idempotencyKey: null, ct);
        failures.Succeeded();
        Telemetry.SchedulerFirings.Add(1, new KeyValuePair<string, object?>("symphony.outcome", result.Firing?.Outcome.ToString().ToLowerInvariant() ?? "none"));
        if (result.Firing?.Outcome == Domain.Scheduler.FiringOutcome.Failed)
            logger.LogWarning("Job {Job} of workspace {Workspace} fired at {Due:o} and started no run: {Reason}",
                job.Id, job.WorkspaceId, scheduledAt, result.Firing!.Reason);
    }
}
