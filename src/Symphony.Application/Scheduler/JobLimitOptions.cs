namespace Symphony.Application.Scheduler;

/// <summary>
/// How often each kind of job may fire (<c>Symphony:Scheduler:Limits</c>): a fleet job connects to every instance in
/// its scope and a housekeeping job sweeps the whole store, so neither may be set to fire every second by whoever
/// can create a job.
/// </summary>
public sealed class JobLimitOptions
{
    public const string Section = "Symphony:Scheduler:Limits";

    /// <summary>The shortest time between two firings of a fleet job: accounts and capacity syncs, auto-classify, aggregation.</summary>
    public TimeSpan MinimumFleetInterval { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>The shortest time between two firings of retention or partition maintenance.</summary>
    public TimeSpan MinimumHousekeepingInterval { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>The shortest time between two firings of a job of the workspace's own automations.</summary>
    public TimeSpan MinimumCustomInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Jobs a workspace may have, its built-in jobs counted whether made yet or not.</summary>
    public int MaxJobsPerWorkspace { get; set; } = 100;
}
