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
    /// Whether every target may be sent the password itself without a verified certificate: PostgreSQL servers that
    /// authenticate with LDAP, PAM or RADIUS ask for it, and so do MySQL servers with mysql_clear_password or a full
    /// caching_sha2_password or sha256_password exchange. Off: such a server is refused unless its certificate is
    /// verified (tls_mode verify_ca or verify_full) or its instance allows it, so a server set up to harvest secrets
    /// receives none.
    /// </summary>
    public bool AllowCleartextPassword { get; set; }
    /// <summary>
    /// A PEM file of the certificate authorities that sign targets' certificates, for tls_mode verify_ca and
    /// verify_full; unset, the machine's trusted authorities.
    /// </summary>
    public string? CaBundle { get; set; }
}
