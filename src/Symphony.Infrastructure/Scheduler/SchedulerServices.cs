using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Symphony.Application.Scheduler;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Scheduler;

/// <summary>The scheduler: Quartz.NET's job store in the platform database, the built-in jobs of the scheduler file.</summary>
public static class SchedulerServices
{
    public static IServiceCollection AddScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedSettings<SchedulerOptions>(configuration, SchedulerOptions.Section, (o, r) =>
        {
            r.Require(!string.IsNullOrWhiteSpace(o.File), nameof(o.File), "is empty (a YAML file, such as config/scheduler.yaml).");
            r.Require(!string.IsNullOrWhiteSpace(o.Name), nameof(o.Name), "is empty (the cluster's name, such as symphony).");
            r.AtLeast(o.Threads, 1, nameof(o.Threads));
            r.Positive(o.CheckinInterval, nameof(o.CheckinInterval));
            r.Positive(o.MisfireThreshold, nameof(o.MisfireThreshold));
            r.Positive(o.SyncInterval, nameof(o.SyncInterval));
            r.Positive(o.IdleWait, nameof(o.IdleWait));
        });
        services.AddCheckedSettings<JobLimitOptions>(configuration, JobLimitOptions.Section, (o, r) =>
        {
            r.Positive(o.MinimumFleetInterval, nameof(o.MinimumFleetInterval));
            r.Positive(o.MinimumHousekeepingInterval, nameof(o.MinimumHousekeepingInterval));
            r.Positive(o.MinimumCustomInterval, nameof(o.MinimumCustomInterval));
            r.AtLeast(o.MaxJobsPerWorkspace, 10, nameof(o.MaxJobsPerWorkspace));
        });
        services.AddSingleton<SchedulerRuntime>();
        services.AddSingleton<SchedulerFailures>();
        services.AddSingleton<IJobStore, QuartzJobStore>();
        services.AddSingleton(provider => SchedulerFile.Load(SchedulerHost.FilePath(
            provider.GetRequiredService<IOptions<SchedulerOptions>>().Value,
            provider.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>().ContentRootPath)));
        services.AddHostedService<SchedulerHost>();
        return services;
    }
}
