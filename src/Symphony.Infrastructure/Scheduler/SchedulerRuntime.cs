using System.Collections.Specialized;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;
using Quartz.Extensibility;
using Symphony.Application.Common;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Scheduler;

/// <summary>
/// This node's Quartz.NET scheduler over the job store in the platform database: clustered on PostgreSQL (a
/// firing runs on one node however many run), a single node on SQLite. It is built on first use, standing by;
/// <see cref="SchedulerHost"/> starts it firing when this node fires jobs.
/// </summary>
internal sealed class SchedulerRuntime(IOptions<SchedulerOptions> options, IOptions<DatabaseOptions> database, IOptions<SymphonyOptions> symphony, IServiceProvider services, NodeName node)
    : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IScheduler? _scheduler;

    public async Task<IScheduler> SchedulerAsync(CancellationToken ct)
    {
        if (_scheduler is { } built) return built;
        await _gate.WaitAsync(ct);
        try
        {
            if (_scheduler is null)
            {
                _scheduler = await QuartzSchedulerBuilder.Create(quartz => quartz.UseJobFactory(new JobFactory(services)))
                    .UseProperties(Properties()).BuildScheduler(ct);
            }
            return _scheduler;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_scheduler is { Status: not (SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown) } scheduler)
            await scheduler.Shutdown(waitForJobsToComplete: false, CancellationToken.None);
        _gate.Dispose();
    }

    private NameValueCollection Properties()
    {
        var settings = options.Value;
        var postgres = database.Value.Provider == DatabaseProvider.PostgreSql;
        static string Ms(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        return new NameValueCollection
        {
            ["quartz.scheduler.instanceName"] = settings.Name,
            ["quartz.scheduler.instanceId"] = node.Value,
            ["quartz.scheduler.idleWaitTime"] = Ms(settings.IdleWait),
            ["quartz.threadPool.maxConcurrency"] = settings.Threads.ToString(CultureInfo.InvariantCulture),
            ["quartz.jobStore.type"] = "Quartz.Impl.AdoJobStore.JobStoreTX, Quartz",
            ["quartz.jobStore.driverDelegateType"] = postgres
                ? "Quartz.Impl.AdoJobStore.PostgreSQLDelegate, Quartz"
                : "Quartz.Impl.AdoJobStore.SQLiteDelegate, Quartz",
            ["quartz.jobStore.dataSource"] = "main",
            ["quartz.jobStore.tablePrefix"] = Persistence.Migrations.M0011_Scheduler.QuartzTablePrefix,
            // The migrations make the tables; Quartz only uses them.
            ["quartz.jobStore.schemaProvisioning"] = "None",
            ["quartz.jobStore.clustered"] = postgres ? "true" : "false",
            ["quartz.jobStore.clusterCheckinInterval"] = Ms(settings.CheckinInterval),
            ["quartz.jobStore.misfireThreshold"] = Ms(settings.MisfireThreshold),
            ["quartz.jobStore.useProperties"] = "true",
            ["quartz.dataSource.main.provider"] = postgres ? "Npgsql" : "SQLite-Microsoft",
            ["quartz.dataSource.main.connectionString"] = DatabaseSetup.ConnectionStringFor(database.Value, symphony.Value),
            ["quartz.serializer.type"] = "stj",
        };
    }

    /// <summary>Makes each firing's job with this node's services.</summary>
    private sealed class JobFactory(IServiceProvider services) : IJobFactory
    {
        public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new JobScope(ActivatorUtilities.CreateInstance<FiringJob>(services), null!));

        public ValueTask ReturnJob(JobScope job, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
