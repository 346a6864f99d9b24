using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Domain.Fleet;

/// <summary>
/// A database account (a login or group role) of an instance, as the last accounts sync saw it: its permission
/// snapshot and the facts derived from it. An account that disappears is deactivated, not deleted, so its
/// history stays; one that comes back is reactivated.
/// </summary>
public sealed class Account : VersionedEntity, IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid InstanceId { get; set; }
    public required string Name { get; set; }
    public bool IsSuperuser { get; set; }
    public bool CanLogin { get; set; }
    /// <summary>Cannot sign in: no LOGIN, or its password expired.</summary>
    public bool IsLocked { get; set; }
    public DateTime? PasswordExpiresAt { get; set; }
    /// <summary>
    /// Whether it can sign in, and if not why (can_sign_in, role, password_expired, account_locked, validity_ended,
    /// no_login_plugin): the ledger's words; empty until the first sync that judged it.
    /// </summary>
    public string SignInState { get; set; } = "";
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public DateTime? LastChangedAt { get; set; }
    /// <summary>JSON: attributes, memberships, database, schema, table and default privileges.</summary>
    public string Snapshot { get; set; } = "{}";
    /// <summary>JSON: capabilities, roles (direct and inherited) and privileges by scope.</summary>
    public string Facts { get; set; } = "{}";
    /// <summary>SHA-256 of the snapshot, to tell a changed account from an unchanged one without reading it.</summary>
    public string SnapshotHash { get; set; } = "";
    /// <summary>SHA-256 of the facts as written (the stored JSON comes back reformatted on PostgreSQL).</summary>
    public string FactsHash { get; set; } = "";
}

/// <summary>What an account can do, as its permission facts name it; the same names on every engine.</summary>
public static class AccountCapabilities
{
    public const string Superuser = "SUPERUSER", GrantAdmin = "GRANT_ADMIN", Locked = "LOCKED", CreateDb = "CREATEDB",
        CreateRole = "CREATEROLE", Replication = "REPLICATION", BypassRls = "BYPASSRLS", Login = "LOGIN";

    public static IReadOnlyList<string> All { get; } = [Superuser, GrantAdmin, Locked, CreateDb, CreateRole, Replication, BypassRls, Login];
}

public enum AccountChangeKind
{
    Created,
    Changed,
    Deactivated,
    Reactivated,
    /// <summary>The account entered or left classifications (auto-classify): lines such as "classification:locked (rule v2)".</summary>
    Classified,
}

/// <summary>One change of an account found by a sync, with what was added and removed. Never updated.</summary>
public sealed class AccountChange : Entity
{
    public Guid WorkspaceId { get; set; }
    public Guid InstanceId { get; set; }
    public Guid AccountId { get; set; }
    public required string AccountName { get; set; }
    public Guid? RunId { get; set; }
    public AccountChangeKind Kind { get; set; }
    /// <summary>JSON: {"added": [...], "removed": [...]} of permission lines such as "database:app:CONNECT".</summary>
    public string Diff { get; set; } = "{}";
    public DateTime OccurredAt { get; set; }
}
