namespace Symphony.Infrastructure.Runs;

/// <summary>How this node's worker claims and runs items (<c>Symphony:Worker</c>).</summary>
public sealed class WorkerOptions
{
    public const string Section = "Symphony:Worker";

    public bool Enabled { get; set; } = true;
    /// <summary>Items this node runs at once.</summary>
    public int Parallelism { get; set; } = 64;
    /// <summary>Longest claim; several claims fill the parallelism.</summary>
    public int BatchSize { get; set; } = 64;
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>At shutdown, how long running items get to finish before they are released to other nodes.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How often a worker looks while work waits that it cannot start yet (its slots are full, an automation is at its bound), or while it cannot hear the other nodes.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
    /// <summary>
    /// How often a worker with nothing due looks anyway. Queued work wakes every node at once (LISTEN/NOTIFY on
    /// PostgreSQL) and a retry wakes the worker when it falls due, so this only bounds what a lost message costs.
    /// </summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan ReapInterval { get; set; } = TimeSpan.FromSeconds(5);
}
