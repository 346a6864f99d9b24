using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Symphony.Application.Scheduler;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Scheduler;

/// <summary>
/// Brings the built-in jobs to every workspace, then starts this node firing (when it fires jobs), and keeps the
/// built-ins in step with the workspaces every sync interval. An outage of the store is waited out: the loop
/// retries with a growing pause and logs it once with a count.
/// </summary>
internal sealed class SchedulerHost(
    SchedulerRuntime runtime, IServiceScopeFactory scopes, IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<SchedulerHost> logger) : BackgroundService
{
    /// <summary>The scheduler file's full path: relative paths are read from the server's folder.</summary>
    public static string FilePath(SchedulerOptions options, string contentRoot) => Path.GetFullPath(options.File, contentRoot);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = new RepeatedFailure(logger, "Scheduler: the job store cannot be reached", clock);
        var started = !options.Value.Enabled;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var (created, removed) = await scope.ServiceProvider.GetRequiredService<BuiltInJobSweep>().SweepAsync(stoppingToken);
                    if (created > 0 || removed > 0)
                        logger.LogInformation("Scheduler: {Created} built-in job(s) created, jobs of {Removed} deleted workspace(s) removed", created, removed);
                }
                if (!started)
                {
                    await (await runtime.SchedulerAsync(stoppingToken)).Start(stoppingToken);
                    started = true;
                    logger.LogInformation("Scheduler: this node fires jobs");
                }
                failures.Succeeded();
                wait = options.Value.SyncInterval;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                wait = failures.Failed(e);
            }
            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // A firing under way only starts a run: let it finish, so it is recorded.
        var scheduler = await runtime.SchedulerAsync(cancellationToken);
        if (scheduler.Status is not (SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown))
            await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
    }
}
