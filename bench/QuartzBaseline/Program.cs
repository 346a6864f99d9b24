// The baseline of bench/engine.sh: Quartz.NET's AdoJobStore (clustered, on PostgreSQL) firing N one-off jobs of a
// no-op job, measured the way the engine benchmark measures Symphony:
//   throughput     N jobs scheduled while the scheduler stands by, then timed from start until the last one ran
//                  (after a warm-up round of N/2 jobs)
//   start latency  M single jobs scheduled one by one on the running scheduler, (job started - scheduled)
// Usage: QuartzBaseline <connection string> [jobs, default 10000] [single jobs, default 100] [threads, default 64]
using System.Collections.Specialized;
using System.Diagnostics;
using System.Globalization;
using Quartz;

var connectionString = args.Length > 0 ? args[0] : throw new ArgumentException("a PostgreSQL connection string is needed");
var jobs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
var singles = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
var threads = args.Length > 3 ? args[3] : "64";

// Symphony's engine settings on the same terms: 64 items at once, claims of up to 64, clustered store.
var scheduler = await QuartzSchedulerBuilder.Create(_ => { }).UseProperties(new NameValueCollection
{
    ["quartz.scheduler.instanceName"] = "bench",
    ["quartz.scheduler.instanceId"] = "AUTO",
    ["quartz.scheduler.batchTriggerAcquisitionMaxCount"] = threads,
    ["quartz.threadPool.maxConcurrency"] = threads,
    ["quartz.jobStore.type"] = "Quartz.Impl.AdoJobStore.JobStoreTX, Quartz",
    ["quartz.jobStore.driverDelegateType"] = "Quartz.Impl.AdoJobStore.PostgreSQLDelegate, Quartz",
    ["quartz.jobStore.dataSource"] = "main",
    ["quartz.jobStore.tablePrefix"] = "qrtz_",
    ["quartz.jobStore.clustered"] = "true",
    ["quartz.jobStore.schemaProvisioning"] = "CreateIfMissing",
    ["quartz.jobStore.useProperties"] = "true",
    ["quartz.dataSource.main.provider"] = "Npgsql",
    ["quartz.dataSource.main.connectionString"] = connectionString,
    ["quartz.serializer.type"] = "stj",
}).BuildScheduler();

// A warm-up round first, as Symphony gets one: the JIT needs a while on two cores to reach its optimized code.
await FireAsync("warmup", Math.Max(jobs / 2, 1));
var (scheduling, firing) = await FireAsync("throughput", jobs);

var latencies = new List<double>();
for (var i = 0; i < singles; i++)
{
    NoopJob.Expect(1);
    var scheduled = Stopwatch.GetTimestamp();
    await scheduler.ScheduleJob(JobBuilder.Create<NoopJob>().WithIdentity($"single-{i}", "latency").Build(),
        TriggerBuilder.Create().WithIdentity($"single-{i}", "latency").StartNow().Build());
    await NoopJob.AllRan.WaitAsync(TimeSpan.FromMinutes(1));
    latencies.Add(Stopwatch.GetElapsedTime(scheduled, NoopJob.LastStarted).TotalMilliseconds);
}
await scheduler.Shutdown(waitForJobsToComplete: true);

latencies.Sort();

async Task<(TimeSpan Scheduling, TimeSpan Firing)> FireAsync(string group, int count)
{
    await scheduler.Standby();
    var jobsAndTriggers = new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>>(count);
    for (var i = 0; i < count; i++)
    {
        jobsAndTriggers[JobBuilder.Create<NoopJob>().WithIdentity($"job-{i}", group).Build()] =
            [TriggerBuilder.Create().WithIdentity($"trigger-{i}", group).StartNow().Build()];
    }
    var scheduling = Stopwatch.StartNew();
    await scheduler.ScheduleJobs(jobsAndTriggers, new ScheduleJobOptions { Replace = true });
    scheduling.Stop();
    NoopJob.Expect(count);
    var firing = Stopwatch.StartNew();
    await scheduler.Start();
    await NoopJob.AllRan.WaitAsync(TimeSpan.FromMinutes(30));
    return (scheduling.Elapsed, firing.Elapsed);
}
double Percentile(double p) => latencies[Math.Clamp((int)Math.Round(latencies.Count * p) - 1, 0, latencies.Count - 1)];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"quartz {jobs / firing.TotalSeconds:F0} {firing.TotalSeconds:F1} {scheduling.TotalSeconds:F1} {Percentile(0.5):F1} {Percentile(0.99):F1}"));

internal sealed class NoopJob : IJob
{
    private static int _left;
    private static TaskCompletionSource _allRan = new();

    public static Task AllRan => _allRan.Task;
    public static long LastStarted { get; private set; }

    public static void Expect(int count)
    {
        _allRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _left = count;
    }

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        LastStarted = Stopwatch.GetTimestamp();
        if (Interlocked.Decrement(ref _left) == 0) _allRan.TrySetResult();
        return ValueTask.CompletedTask;
    }
}
