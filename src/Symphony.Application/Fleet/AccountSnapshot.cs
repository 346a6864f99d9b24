using System.Text.Json.Serialization;
using static Symphony.Domain.Fleet.AccountCapabilities;

namespace Symphony.Application.Fleet;

/// <summary>
/// An account's attributes. The first nine are PostgreSQL's role attributes, which MySQL and MariaDB accounts are
/// mapped onto (docs/architecture/fleet-domain.md, "MySQL and MariaDB accounts"); the last three exist on MySQL and
/// MariaDB only (the authentication plugin, empty for a MariaDB role; locked by <c>ACCOUNT LOCK</c>; the password
/// expired by <c>PASSWORD EXPIRE</c>) and are left out of a PostgreSQL snapshot's JSON and lines, which stay byte for
/// byte what they were.
/// </summary>
public sealed record RoleAttributes(
    bool Superuser, bool Inherit, bool CreateRole, bool CreateDb, bool Login, bool Replication, bool BypassRls, int ConnectionLimit,
    DateTime? ValidUntil,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Plugin = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? AccountLocked = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? PasswordExpired = null);

/// <summary>A role the account is a member of; predefined roles (pg_monitor, pg_read_all_data, ...) included.</summary>
public sealed record Membership(string Role, bool AdminOption, bool Inherit);

/// <summary>A privilege on one object: a database ("app"), a schema ("app.public"), or every object ("*", MySQL's <c>*.*</c>).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "A grant is on an object: the word DBAs and the stored snapshots use.")]
public sealed record Grant(string Object, string Privilege, bool Grantable);

/// <summary>
/// Privileges on objects of a schema, counted by kind: "SELECT on 12 tables of app.public". On MySQL the schema is
/// the database, and the kinds are <c>tables</c>, <c>columns</c> (columns counted) and <c>routines</c>; a grant
/// option on those objects counts as the privilege <c>GRANT OPTION</c>.
/// </summary>
public sealed record ObjectGrantSummary(string Schema, string Kind, string Privilege, int Count);

/// <summary>
/// One privilege on one object, as the server's catalog records it: a table, view, materialized view, foreign
/// table, sequence, function or procedure (<c>app.sales.invoices</c>, <c>app.public.refresh(integer)</c>; on MySQL
/// <c>shop.orders</c>, <c>shop.refund</c>) or a column of one (<c>app.sales.invoices.amount</c>), with its grant
/// option and who granted it (the owner's own privileges are granted by the owner).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "An object is what a grant is on: the word DBAs and the engines use.")]
public sealed record ObjectGrant(string Object, string Kind, string Privilege, bool Grantable, string Grantor);

/// <summary>The kinds of <see cref="ObjectGrant"/>, in the words of both engines.</summary>
public static class ObjectKinds
{
    public const string Table = "table", View = "view", MaterializedView = "materialized_view", ForeignTable = "foreign_table",
        Sequence = "sequence", Function = "function", Procedure = "procedure", Column = "column";

    /// <summary>What PostgreSQL's PUBLIC holds on a database (<c>app</c>) or a schema (<c>app.public</c>): CONNECT, TEMPORARY, USAGE, CREATE.</summary>
    public const string Database = "database", Schema = "schema";

    /// <summary>The kinds whose privileges also hold on each of their columns.</summary>
    public static bool IsRelation(string kind) => kind is Table or View or MaterializedView or ForeignTable;
}

/// <summary>A default privilege: what objects created later by <see cref="Grantor"/> will grant.</summary>
public sealed record DefaultGrant(string Schema, string ObjectType, string Privilege, string Grantor);

/// <summary>
/// Everything an accounts sync reads about one account. <see cref="GlobalPrivileges"/> are MySQL's privileges on
/// <c>*.*</c>: null on PostgreSQL, which has none (and whose JSON stays as it was). <see cref="ObjectGrants"/> are the
/// privileges on each object that <see cref="ObjectPrivileges"/> counts, and on columns and routines: null in a
/// snapshot stored before they were collected.
/// </summary>
public sealed record AccountSnapshot(
    string Name, RoleAttributes Attributes, IReadOnlyList<Membership> MemberOf, IReadOnlyList<Grant> DatabasePrivileges,
    IReadOnlyList<Grant> SchemaPrivileges, IReadOnlyList<ObjectGrantSummary> ObjectPrivileges, IReadOnlyList<DefaultGrant> DefaultPrivileges,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Grant>? GlobalPrivileges = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ObjectGrant>? ObjectGrants = null)
{
    /// <summary>The prefix of the lines of <see cref="ObjectGrants"/>.</summary>
    public const string ObjectLinePrefix = "object:";

    /// <summary>
    /// The snapshot as sorted lines, one per permission: what the change log compares. A count that changes
    /// (a new table with SELECT) shows as the old line removed and the new one added.
    /// </summary>
    public IReadOnlyList<string> Lines()
    {
        var a = Attributes;
        IEnumerable<string> attributes =
        [
            $"attribute:superuser={a.Superuser}", $"attribute:inherit={a.Inherit}", $"attribute:createrole={a.CreateRole}",
            $"attribute:createdb={a.CreateDb}", $"attribute:login={a.Login}", $"attribute:replication={a.Replication}",
            $"attribute:bypassrls={a.BypassRls}", $"attribute:connection_limit={a.ConnectionLimit}",
            $"attribute:valid_until={a.ValidUntil?.ToString("O") ?? "never"}",
        ];
        if (a.Plugin is not null) attributes = attributes.Append($"attribute:plugin={a.Plugin}");
        if (a.AccountLocked is { } locked) attributes = attributes.Append($"attribute:account_locked={locked}");
        if (a.PasswordExpired is { } expired) attributes = attributes.Append($"attribute:password_expired={expired}");
        return attributes
            .Concat((GlobalPrivileges ?? []).Select(g => $"global:{g.Privilege}{(g.Grantable ? " with grant option" : "")}"))
            .Concat(MemberOf.Select(m => $"member_of:{m.Role}{(m.AdminOption ? " with admin option" : "")}{(m.Inherit ? "" : " noinherit")}"))
            .Concat(DatabasePrivileges.Select(g => $"database:{g.Object}:{g.Privilege}{(g.Grantable ? " with grant option" : "")}"))
            .Concat(SchemaPrivileges.Select(g => $"schema:{g.Object}:{g.Privilege}{(g.Grantable ? " with grant option" : "")}"))
            .Concat(ObjectPrivileges.Select(o => $"{o.Kind}:{o.Schema}:{o.Privilege}={o.Count}"))
            .Concat(DefaultPrivileges.Select(d => $"default:{d.Schema}:{d.ObjectType}:{d.Privilege} by {d.Grantor}"))
            .Concat((ObjectGrants ?? []).Select(g => $"{ObjectLinePrefix}{g.Kind}:{g.Object}:{g.Privilege}{(g.Grantable ? " with grant option" : "")} by {g.Grantor}"))
            .Order(StringComparer.Ordinal).ToList();
    }
}

/// <summary>What the classification rules and the ledger ask of an account, derived from its snapshot.</summary>
public sealed record AccountFacts(
    IReadOnlyList<string> Capabilities, IReadOnlyList<string> Roles, IReadOnlyList<string> InheritedRoles,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Privileges, string SignInState = "", bool Anonymous = false)
{
    /// <param name="snapshot">The account as collected.</param>
    /// <param name="memberships">Every role's direct memberships on the instance, to follow inheritance.</param>
    /// <param name="now">The moment expiry is judged at.</param>
    public static AccountFacts From(AccountSnapshot snapshot, IReadOnlyDictionary<string, IReadOnlyList<Membership>> memberships, DateTime now)
    {
        var a = snapshot.Attributes;
        var capabilities = new List<string>();
        if (a.Superuser) capabilities.Add(Superuser);
        // PostgreSQL's CREATEROLE may grant roles; MySQL's CREATE USER may not, its GRANT OPTION on *.* may.
        var grantsAnything = snapshot.GlobalPrivileges is { } global ? global.Any(g => g.Grantable) : a.CreateRole;
        if (a.Superuser || grantsAnything || snapshot.MemberOf.Any(m => m.AdminOption)) capabilities.Add(GrantAdmin);
        if (IsLocked(a, now)) capabilities.Add(Locked);
        if (a.CreateDb) capabilities.Add(CreateDb);
        if (a.CreateRole) capabilities.Add(CreateRole);
        if (a.Replication) capabilities.Add(Replication);
        if (a.BypassRls) capabilities.Add(BypassRls);
        if (a.Login) capabilities.Add(Login);

        // Roles whose privileges the account uses without SET ROLE: memberships with inherit, followed through.
        var inherited = new SortedSet<string>(StringComparer.Ordinal);
        var queue = new Queue<Membership>(a.Inherit ? snapshot.MemberOf.Where(m => m.Inherit) : []);
        while (queue.TryDequeue(out var next))
        {
            if (!inherited.Add(next.Role)) continue;
            foreach (var further in memberships.GetValueOrDefault(next.Role) ?? []) if (further.Inherit) queue.Enqueue(further);
        }

        var privileges = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        void Add(string scope, IEnumerable<string> values)
        {
            var list = values.Distinct().Order(StringComparer.Ordinal).ToList();
            if (list.Count > 0) privileges[scope] = list;
        }
        Add("global:*", (snapshot.GlobalPrivileges ?? []).Select(g => g.Privilege));
        foreach (var database in snapshot.DatabasePrivileges.GroupBy(g => g.Object)) Add($"database:{database.Key}", database.Select(g => g.Privilege));
        foreach (var schema in snapshot.SchemaPrivileges.GroupBy(g => g.Object)) Add($"schema:{schema.Key}", schema.Select(g => g.Privilege));
        foreach (var objects in snapshot.ObjectPrivileges.GroupBy(o => $"{o.Kind}:{o.Schema}")) Add(objects.Key, objects.Select(o => o.Privilege));
        return new AccountFacts(capabilities, snapshot.MemberOf.Select(m => m.Role).Order(StringComparer.Ordinal).ToList(), inherited.ToList(), privileges,
            SignInStates.Of(a, now), SignInStates.IsAnonymous(snapshot));
    }

    public static bool IsLocked(RoleAttributes attributes, DateTime now) => !attributes.Login || attributes.ValidUntil is { } until && until <= now;
}

/// <summary>
/// What a collector read from one instance: the accounts, every role's direct memberships (predefined roles
/// included, to follow inheritance through them), and the databases it could not open.
/// </summary>
public sealed record CollectedAccounts(
    ServerFacts Server, IReadOnlyList<AccountSnapshot> Accounts, IReadOnlyDictionary<string, IReadOnlyList<Membership>> Memberships,
    IReadOnlyList<string> SkippedDatabases)
{
    /// <summary>What PostgreSQL's PUBLIC holds on each object (every role has it); empty on MySQL and MariaDB.</summary>
    public IReadOnlyList<ObjectGrant> PublicGrants { get; init; } = [];

    /// <summary>Every role the collector's role list held, predefined ones included; null when the collector does not say.</summary>
    public IReadOnlySet<string>? RoleList { get; init; }

    /// <summary>
    /// The first membership naming a role (or member) the role list did not hold, in words; null when every one is
    /// there. The lists are read by separate statements, so a role created or dropped between them shows here: the
    /// sync fails with SYNC_DATA_ERROR and its retry reads them again, rather than storing a membership of a role no
    /// account has.
    /// </summary>
    public string? Inconsistency()
    {
        if (RoleList is null) return null;
        foreach (var (member, memberships) in Memberships)
        {
            if (!RoleList.Contains(member))
                return $"'{member}' holds a membership but is absent from the role list; the roles changed while they were read.";
            if (memberships.FirstOrDefault(m => !RoleList.Contains(m.Role)) is { } missing)
                return $"'{member}' is a member of '{missing.Role}', which is absent from the role list; the roles changed while they were read.";
        }
        return null;
    }
}

/// <summary>What a collector read does not hold together (SYNC_DATA_ERROR): nothing of it is saved.</summary>
public sealed class SyncDataException(string message) : Exception(message);
