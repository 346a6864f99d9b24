namespace Symphony.Infrastructure.Scheduler;

/// <summary>The scheduler of this node (<c>Symphony:Scheduler</c>).</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Symphony:Scheduler";

    /// <summary>
    /// Whether this node fires jobs. A node that does not still reads and changes jobs through the API; on
    /// PostgreSQL the nodes that do share the firings, each firing on one of them.
    /// </summary>
    public bool Enabled { get; set; } = true;
    /// <summary>The file of built-in jobs, relative to the server's folder unless absolute.</summary>
    public string File { get; set; } = "config/scheduler.yaml";
    /// <summary>The scheduler's name in the job store: every node of one installation uses the same.</summary>
    public string Name { get; set; } = "symphony";
    /// <summary>Jobs this node fires at once (a firing only starts a run, so a few are plenty).</summary>
    public int Threads { get; set; } = 4;
    /// <summary>How often a node tells the others it is alive (PostgreSQL); a node silent for longer is taken as dead and its firings recovered.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>A firing later than this (nodes down at the time) is a misfire and follows the job's misfire policy; a shorter delay fires late.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How often the built-in jobs are made for new workspaces and removed for deleted ones.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How long an idle scheduler waits before it looks for due triggers again (a job changed on this node wakes it at once).</summary>
    public TimeSpan IdleWait { get; set; } = TimeSpan.FromSeconds(10);
}
