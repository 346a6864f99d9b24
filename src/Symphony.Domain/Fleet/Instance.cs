using System.Linq.Expressions;
using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Domain.Fleet;

/// <summary>The database engines an instance can run; only those with a driver on this node can be reached.</summary>
public static class DbTypes
{
    public const string PostgreSql = "postgresql";
    public const string MySql = "mysql";
    public const string SqlServer = "sqlserver";
    public const string Oracle = "oracle";

    public static IReadOnlyList<string> Known { get; } = [PostgreSql, MySql, SqlServer, Oracle];

    public static int DefaultPort(string dbType) => dbType switch
    {
        MySql => 3306,
        SqlServer => 1433,
        Oracle => 1521,
        _ => 5432,
    };
}

public static class Environments
{
    public static IReadOnlyList<string> Known { get; } = ["production", "staging", "development", "test"];
}

/// <summary>
/// Whether the connection to an instance is encrypted and how far its server is trusted: <c>prefer</c> (TLS when the
/// server offers it, its certificate not checked), <c>require</c> (TLS or no connection), <c>verify_ca</c> (the
/// certificate chains to a trusted authority), <c>verify_full</c> (and names the host connected to), <c>disable</c>.
/// Only a verified server may be sent the password itself (docs/reference/security.md).
/// </summary>
public enum TlsMode
{
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
    Disable,
}

public enum ConnectionState
{
    Unknown,
    Ok,
    Failed,
}

/// <summary>How reachable an instance has been lately, derived from its last connection.</summary>
public enum InstanceHealth
{
    /// <summary>Never connected.</summary>
    Unknown,
    /// <summary>The last connection worked, within a day.</summary>
    Good,
    /// <summary>The last connection worked, but more than a day ago.</summary>
    Warning,
    /// <summary>The last connection failed.</summary>
    Poor,
}

/// <summary>A database server of a workspace's fleet: where it is, how to sign in, what it reported last time.</summary>
public sealed class Instance : VersionedEntity, IWorkspaceOwned
{
    public const int MaxPerWorkspace = 10_000;
    public static readonly TimeSpan FreshConnection = TimeSpan.FromDays(1);

    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public required string DbType { get; set; }
    public required string Host { get; set; }
    public int Port { get; set; }
    /// <summary>The database to connect to (PostgreSQL: the maintenance database, "postgres" by default).</summary>
    public string? DatabaseName { get; set; }
    public Guid? CredentialId { get; set; }
    public TlsMode TlsMode { get; set; }
    /// <summary>
    /// Whether the server may be sent the password itself (PostgreSQL's LDAP, PAM or RADIUS sign-in, MySQL's
    /// mysql_clear_password or a full caching_sha2_password exchange) without a verified certificate. Set by the
    /// workspace's owners; dropped when someone else changes the address or the credential.
    /// </summary>
    public bool AllowCleartextPassword { get; set; }
    public string? Environment { get; set; }
    public string? Description { get; set; }
    /// <summary>The server's version string as it reported it, e.g. "PostgreSQL 15.18 on x86_64-pc-linux-gnu".</summary>
    public string? ServerVersion { get; set; }
    public int? ServerMajorVersion { get; set; }
    public DateTime? LastConnectedAt { get; set; }
    public DateTime? LastCheckedAt { get; set; }
    public ConnectionState LastConnectionState { get; set; }
    /// <summary>The reason of the last failure: unreachable, authentication_failed, timeout, tls, and so on.</summary>
    public string? LastConnectionError { get; set; }
    /// <summary>When an accounts sync last wrote this instance's accounts; null until the first one.</summary>
    public DateTime? AccountsSyncedAt { get; set; }
    /// <summary>When a capacity sync last measured this instance's databases; null until the first one.</summary>
    public DateTime? CapacitySyncedAt { get; set; }
    /// <summary>JSON: what the last accounts sync that reached the instance did (<c>run_id</c>, <c>at</c>, <c>result</c>: its item's result).</summary>
    public string? LastAccountsSync { get; set; }
    /// <summary>JSON: what the last capacity sync that reached the instance did, as <see cref="LastAccountsSync"/>.</summary>
    public string? LastCapacitySync { get; set; }
    /// <summary>The size the operator does not want the instance's total to reach (its disk, say): the forecast's threshold.</summary>
    public long? CapacityThresholdBytes { get; set; }
    /// <summary>
    /// JSON: what PostgreSQL's PUBLIC holds on each object, from the last accounts sync (every role has it); null
    /// before the first sync that read it, and on MySQL and MariaDB, which have no PUBLIC.
    /// </summary>
    public string? PublicGrants { get; set; }
    /// <summary>The instance's tags; loaded only where a use case shows or filters by them.</summary>
    public List<InstanceTag> Tags { get; set; } = [];

    /// <summary>
    /// The health rule, once, as expressions a query can filter on: a failed last connection is poor, a good one
    /// within <see cref="FreshConnection"/> is good, an older good one a warning. The second argument is the moment
    /// from which a connection counts as fresh.
    /// </summary>
    private static readonly Dictionary<InstanceHealth, Expression<Func<Instance, DateTime, bool>>> HealthRules = new()
    {
        [InstanceHealth.Poor] = (i, fresh) => i.LastConnectionState == ConnectionState.Failed,
        [InstanceHealth.Good] = (i, fresh) => i.LastConnectionState == ConnectionState.Ok && i.LastConnectedAt >= fresh,
        [InstanceHealth.Warning] = (i, fresh) => i.LastConnectionState == ConnectionState.Ok && !(i.LastConnectedAt >= fresh),
        [InstanceHealth.Unknown] = (i, fresh) => i.LastConnectionState == ConnectionState.Unknown,
    };

    private static readonly (InstanceHealth Health, Func<Instance, DateTime, bool> Holds)[] CompiledHealthRules =
        [.. HealthRules.Select(rule => (rule.Key, rule.Value.Compile()))];

    /// <summary>The instances with <paramref name="health"/> at <paramref name="now"/>, for a query.</summary>
    public static Expression<Func<Instance, bool>> HasHealth(InstanceHealth health, DateTime now)
    {
        var rule = HealthRules[health];
        var fresh = Expression.Constant(now - FreshConnection);
        return Expression.Lambda<Func<Instance, bool>>(new Replace(rule.Parameters[1], fresh).Visit(rule.Body)!, rule.Parameters[0]);
    }

    public InstanceHealth HealthAt(DateTime now)
    {
        var fresh = now - FreshConnection;
        return CompiledHealthRules.FirstOrDefault(rule => rule.Holds(this, fresh)).Health;
    }

    /// <summary>Records a connection to the server: with what it said of itself when it worked, with the reason when it failed.</summary>
    public void RecordConnection(DateTime now, string? failure, string? serverVersion = null, int? serverMajorVersion = null)
    {
        LastCheckedAt = now;
        LastConnectionState = failure is null ? ConnectionState.Ok : ConnectionState.Failed;
        LastConnectionError = failure;
        if (failure is null) (LastConnectedAt, ServerVersion, ServerMajorVersion) = (now, serverVersion, serverMajorVersion);
    }

    public void Restore()
    {
        if (IsActive) throw new DomainException(MessageCodes.InvalidStateTransition, $"Instance '{Name}' is not deleted.");
        IsActive = true;
        DeletedAt = null;
    }

    private sealed class Replace(ParameterExpression parameter, Expression with) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? with : node;
    }
}
