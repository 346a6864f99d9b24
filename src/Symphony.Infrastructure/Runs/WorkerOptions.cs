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
    /// <summary>How long an idle worker waits before looking again (queued work wakes it at once on this node).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan ReapInterval { get; set; } = TimeSpan.FromSeconds(5);
}
