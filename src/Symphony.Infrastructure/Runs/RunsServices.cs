using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Symphony.Application.Runs;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Runs;

/// <summary>The durable queue, its worker and the signal that wakes workers on every node.</summary>
public static class RunsServices
{
    public static IServiceCollection AddRuns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedSettings<WorkerOptions>(configuration, WorkerOptions.Section, (o, r) =>
        {
            r.AtLeast(o.Parallelism, 1, nameof(o.Parallelism));
            r.AtLeast(o.BatchSize, 1, nameof(o.BatchSize));
            r.Positive(o.Lease, nameof(o.Lease));
            r.Require(o.ShutdownGrace >= TimeSpan.Zero, nameof(o.ShutdownGrace), $"'{o.ShutdownGrace}' is negative (a time span such as 00:00:10).");
            r.Positive(o.PollInterval, nameof(o.PollInterval));
            r.Require(o.IdlePollInterval >= o.PollInterval, nameof(o.IdlePollInterval), $"'{o.IdlePollInterval}' is shorter than PollInterval '{o.PollInterval}' (a time span such as 00:00:05).");
            r.Positive(o.ReapInterval, nameof(o.ReapInterval));
        });
        services.AddSingleton<QueueStore>();
        services.AddSingleton<ItemClaims>();
        services.AddSingleton<QueueMaintenance>();
        services.AddSingleton<ItemOutcomes>();
        services.AddSingleton<IRunQueue>(provider => provider.GetRequiredService<QueueMaintenance>());
        services.AddSingleton<QueueSignal>();
        services.AddSingleton<IQueueSignal>(provider => provider.GetRequiredService<QueueSignal>());
        services.AddHostedService<RunWorker>();
        // The host waits for the worker's shutdown grace, and a little more for it to release and record what is left.
        services.AddOptions<Microsoft.Extensions.Hosting.HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
            host.ShutdownTimeout = worker.Value.ShutdownGrace + TimeSpan.FromSeconds(15));
        return services;
    }

    /// <summary>The queue's depth and lag as gauges, read from the store (when metrics are exported).</summary>
    public static IServiceCollection AddQueueGauges(this IServiceCollection services) => services.AddHostedService<QueueGauges>();
}
