namespace Symphony.Application.Fleet;

/// <summary>Limits and policies for calls to target databases: <c>Symphony:Targets</c>.</summary>
public sealed class TargetOptions
{
    public const string Section = "Symphony:Targets";

    /// <summary>Targets this node works on at once, over all runs and tests.</summary>
    public int MaxConcurrentTargets { get; set; } = 16;
    /// <summary>Connections this node opens to one target at once.</summary>
    public int MaxConnectionsPerTarget { get; set; } = 2;
    /// <summary>Retries of a call that found the target unreachable or slow, with exponential backoff and jitter.</summary>
    public int Retries { get; set; } = 2;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    /// <summary>Failed calls in a row (within a minute) after which a target is not called for <see cref="BreakDuration"/>.</summary>
    public int FailuresToBreak { get; set; } = 3;
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// Addresses and CIDR ranges that ad-hoc connection tests (targets given in full, not saved instances) may reach;
    /// empty, any. Saved instances are not limited: adding one is already an operator's decision, kept in the audit log.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];
    /// <summary>
    /// Whether a target may ask for the password in clear text (PostgreSQL servers that authenticate with LDAP, PAM
    /// or RADIUS do). Off: such a server is refused, so a server set up to ask for it never receives a secret.
    /// </summary>
    public bool AllowCleartextPassword { get; set; }
}
