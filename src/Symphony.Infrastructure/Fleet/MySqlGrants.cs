using System.Globalization;
using MySqlConnector;
using Symphony.Application.Fleet;
using static Symphony.Infrastructure.Fleet.GrantMaps;

namespace Symphony.Infrastructure.Fleet;

/// <summary>
/// How <see cref="MySqlDriver"/> reads accounts: the grant tables of each flavour, in the queries it sends and the
/// mapping of their rows onto the snapshot (docs/architecture/fleet-domain.md, "MySQL and MariaDB accounts").
/// </summary>
public sealed partial class MySqlDriver
{
    /// <summary>
    /// MariaDB's global privileges, by bit of <c>global_priv.Priv.access</c> (10.5.2 onwards; 10.4 names bit 20
    /// REPLICATION CLIENT and has none past 29; bit 10 is GRANT OPTION). Later versions add bits at the end.
    /// </summary>
    private static readonly string[] MariaDbGlobalBits =
    [
        "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "RELOAD", "SHUTDOWN", "PROCESS", "FILE", "GRANT OPTION", "REFERENCES",
        "INDEX", "ALTER", "SHOW DATABASES", "SUPER", "CREATE TEMPORARY TABLES", "LOCK TABLES", "EXECUTE", "REPLICATION SLAVE",
        "BINLOG MONITOR", "CREATE VIEW", "SHOW VIEW", "CREATE ROUTINE", "ALTER ROUTINE", "CREATE USER", "EVENT", "TRIGGER",
        "CREATE TABLESPACE", "DELETE HISTORY", "SET USER", "FEDERATED ADMIN", "CONNECTION ADMIN", "READ_ONLY ADMIN",
        "REPLICATION SLAVE ADMIN", "REPLICATION MASTER ADMIN", "BINLOG ADMIN", "BINLOG REPLAY", "SLAVE MONITOR", "SHOW CREATE ROUTINE",
    ];

    private const string AllPrivileges = "ALL PRIVILEGES", GrantOption = "GRANT OPTION";
    private const string LockingPlugin = "mysql_no_login";

    /// <summary>
    /// Accounts from <c>global_priv</c>, the password lifetime's default, then the role grants. The privileges of
    /// <c>mysql.db</c>, <c>tables_priv</c>, <c>columns_priv</c> and <c>procs_priv</c> follow (<see cref="ObjectGrantsSql"/>).
    /// </summary>
    private const string MariaDbAccountsSql = """
        SELECT User, Host, CAST(JSON_VALUE(Priv, '$.access') AS UNSIGNED), JSON_VALUE(Priv, '$.plugin'), JSON_VALUE(Priv, '$.account_locked'),
               CAST(JSON_VALUE(Priv, '$.password_last_changed') AS SIGNED), CAST(JSON_VALUE(Priv, '$.password_lifetime') AS SIGNED),
               JSON_VALUE(Priv, '$.is_role'), JSON_VALUE(Priv, '$.default_role'), CAST(JSON_VALUE(Priv, '$.max_user_connections') AS SIGNED)
        FROM mysql.global_priv;
        SELECT @@default_password_lifetime;
        SELECT User, Host, Role, Admin_option FROM mysql.roles_mapping;
        """ + ObjectGrantsSql;

    /// <summary>MySQL 8: the same from <c>mysql.user</c> (never its password hashes), dynamic privileges and role edges.</summary>
    private const string MySqlAccountsSql = """
        SELECT User, Host, plugin, account_locked, password_expired, UNIX_TIMESTAMP(password_last_changed), password_lifetime, max_user_connections,
               Select_priv, Insert_priv, Update_priv, Delete_priv, Create_priv, Drop_priv, Reload_priv, Shutdown_priv, Process_priv,
               File_priv, Grant_priv, References_priv, Index_priv, Alter_priv, Show_db_priv, Super_priv, Create_tmp_table_priv,
               Lock_tables_priv, Execute_priv, Repl_slave_priv, Repl_client_priv, Create_view_priv, Show_view_priv, Create_routine_priv,
               Alter_routine_priv, Create_user_priv, Event_priv, Trigger_priv, Create_tablespace_priv, Create_role_priv, Drop_role_priv
        FROM mysql.user;
        SELECT @@default_password_lifetime, @@activate_all_roles_on_login;
        SELECT USER, HOST, PRIV, WITH_GRANT_OPTION FROM mysql.global_grants;
        SELECT FROM_USER, FROM_HOST, TO_USER, TO_HOST, WITH_ADMIN_OPTION FROM mysql.role_edges;
        SELECT USER, HOST, DEFAULT_ROLE_USER, DEFAULT_ROLE_HOST FROM mysql.default_roles;
        """ + ObjectGrantsSql;

    /// <summary>
    /// Database privileges, then table, column and routine privileges, one row per object: counted here, since a
    /// GROUP BY over the grant tables (Aria tables, sorted through a temporary table) takes ten times as long as
    /// reading their rows (bench/README.md).
    /// </summary>
    private const string ObjectGrantsSql = """

        SELECT * FROM mysql.db;
        SELECT User, Host, Db, Table_priv, Table_name, Grantor, 'table' FROM mysql.tables_priv;
        SELECT c.User, c.Host, c.Db, c.Column_priv, CONCAT(c.Table_name, '.', c.Column_name), t.Grantor, 'column'
        FROM mysql.columns_priv c LEFT JOIN mysql.tables_priv t ON t.Host = c.Host AND t.Db = c.Db AND t.User = c.User AND t.Table_name = c.Table_name;
        SELECT User, Host, Db, Proc_priv, Routine_name, Grantor, LOWER(Routine_type) FROM mysql.procs_priv;
        """;

    private static async Task ReadMariaDbAccountsAsync(MySqlDataReader reader, GrantTables grants, Version version, CancellationToken ct)
    {
        var rows = new List<(string Name, ulong Access, string Plugin, bool Locked, long? Changed, long? Lifetime, bool Role, string? DefaultRole, long Connections)>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add((Name(reader.GetString(0), reader.GetString(1)), reader.IsDBNull(2) ? 0 : reader.GetUInt64(2), StringOrEmpty(reader, 3),
                JsonTrue(reader, 4), reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt64(6),
                JsonTrue(reader, 7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? 0 : reader.GetInt64(9)));
        }
        await reader.NextResultAsync(ct);
        var defaultLifetime = await reader.ReadAsync(ct) ? Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) : 0;
        await reader.NextResultAsync(ct);
        var roles = rows.Where(r => r.Role).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var defaults = rows.Where(r => r.DefaultRole is { Length: > 0 }).ToDictionary(r => r.Name, r => r.DefaultRole!, StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var member = Name(reader.GetString(0), reader.GetString(1));
            var role = reader.GetString(2);
            // A role's own roles are active with it; a user's, only its default role (the rest wait for SET ROLE).
            var active = roles.Contains(member) || defaults.GetValueOrDefault(member) == role;
            Add(grants.Memberships, member, new Membership(role, reader.GetString(3) == "Y", active));
        }
        foreach (var row in rows)
        {
            var (privileges, grantable) = MariaDbGlobal(row.Access, version);
            // password_last_changed 0 is how MariaDB records PASSWORD EXPIRE.
            grants.Account(row.Name, privileges.Select(p => new Grant("*", p, grantable)).ToList(), row.Plugin, row.Locked, expired: row.Changed == 0,
                ExpiresAt(row.Changed, row.Lifetime is null or -1 ? defaultLifetime : row.Lifetime.Value), row.Connections, isRole: row.Role);
        }
    }

    /// <summary>
    /// MariaDB's global privileges from the bit mask. ALL PRIVILEGES when every bit from the first to the highest set
    /// is set and that covers at least 10.5's 38 privileges: each version's ALL is all the bits it defines (so an
    /// account holding every privilege but the newest few reads as ALL on a newer server, the price of not keeping
    /// a table of versions).
    /// </summary>
    internal static (List<string> Privileges, bool Grantable) MariaDbGlobal(ulong access, Version version)
    {
        const int grantBit = 10;
        var grantable = (access & (1UL << grantBit)) != 0;
        var withGrant = access | (1UL << grantBit);
        var highest = 63 - System.Numerics.BitOperations.LeadingZeroCount(withGrant);
        if (highest >= 37 && (highest == 63 ? withGrant == ulong.MaxValue : withGrant == (1UL << (highest + 1)) - 1))
            return ([AllPrivileges], grantable);
        var privileges = Enumerable.Range(0, 64).Where(bit => bit != grantBit && (access & (1UL << bit)) != 0)
            .Select(bit => bit == 20 && version < new Version(10, 5) ? "REPLICATION CLIENT"
                : bit < MariaDbGlobalBits.Length ? MariaDbGlobalBits[bit] : $"PRIVILEGE BIT {bit}")
            .ToList();
        return (grantable && privileges.Count == 0 ? ["USAGE"] : privileges, grantable);
    }

    private static async Task ReadMySqlAccountsAsync(MySqlDataReader reader, GrantTables grants, CancellationToken ct)
    {
        var rows = new List<(string Name, string Plugin, bool Locked, bool Expired, long? Changed, long? Lifetime, long Connections, List<string> Privileges, bool Grantable)>();
        while (await reader.ReadAsync(ct))
        {
            var (privileges, grantable) = PrivilegeColumns(reader, from: 8);
            rows.Add((Name(reader.GetString(0), reader.GetString(1)), StringOrEmpty(reader, 2), StringOrEmpty(reader, 3) == "Y",
                StringOrEmpty(reader, 4) == "Y", reader.IsDBNull(5) ? null : Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture),
                reader.IsDBNull(6) ? null : Convert.ToInt64(reader.GetValue(6), CultureInfo.InvariantCulture),
                reader.IsDBNull(7) ? 0 : Convert.ToInt64(reader.GetValue(7), CultureInfo.InvariantCulture), privileges, grantable));
        }
        await reader.NextResultAsync(ct);
        long defaultLifetime = 0;
        var activateAll = false;
        if (await reader.ReadAsync(ct))
            (defaultLifetime, activateAll) = (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture) != 0);
        await reader.NextResultAsync(ct);
        var dynamic = new Dictionary<string, List<Grant>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
            Add(dynamic, Name(reader.GetString(0), reader.GetString(1)), new Grant("*", reader.GetString(2), reader.GetString(3) == "Y"));
        await reader.NextResultAsync(ct);
        var edges = new List<(string Role, string Member, bool Admin)>();
        while (await reader.ReadAsync(ct))
            edges.Add((Name(reader.GetString(0), reader.GetString(1)), Name(reader.GetString(2), reader.GetString(3)), reader.GetString(4) == "Y"));
        await reader.NextResultAsync(ct);
        var defaults = new HashSet<(string Member, string Role)>();
        while (await reader.ReadAsync(ct))
            defaults.Add((Name(reader.GetString(0), reader.GetString(1)), Name(reader.GetString(2), reader.GetString(3))));
        foreach (var (member, membership) in MySqlMemberships(edges, defaults, activateAll))
            Add(grants.Memberships, member, membership);

        foreach (var row in rows)
        {
            var global = row.Privileges.Select(p => new Grant("*", p, row.Grantable)).Concat(dynamic.GetValueOrDefault(row.Name) ?? []).ToList();
            grants.Account(row.Name, global, row.Plugin, row.Locked, row.Expired, ExpiresAt(row.Changed, row.Lifetime ?? defaultLifetime), row.Connections, isRole: false);
        }
    }

    /// <summary>
    /// MySQL 8's role edges as memberships: inherited (active at sign-in) when the role is one of the member's default
    /// roles, when every granted role is activated at sign-in, or when the member is itself a role, whose roles are
    /// active with it. Mandatory roles (<c>mandatory_roles</c>) are not read.
    /// </summary>
    internal static IEnumerable<(string Member, Membership Membership)> MySqlMemberships(
        IReadOnlyList<(string Role, string Member, bool Admin)> edges, IReadOnlySet<(string Member, string Role)> defaults, bool activateAll)
    {
        var roles = edges.Select(e => e.Role).ToHashSet(StringComparer.Ordinal);
        return edges.Select(e => (e.Member, new Membership(e.Role, e.Admin, activateAll || roles.Contains(e.Member) || defaults.Contains((e.Member, e.Role)))));
    }

    /// <summary>
    /// Rows of (user, host, database, set of privileges, object, grantor, kind), one per object: each privilege
    /// counted over the objects, and kept per object. A table's or routine's <c>Grant</c> is the grant option of its
    /// privileges (counted as the privilege GRANT OPTION, as before); a column's grant option shows on its table.
    /// </summary>
    private static async Task ReadObjectGrantsAsync(MySqlDataReader reader, GrantTables grants, string kind, CancellationToken ct)
    {
        await reader.NextResultAsync(ct);
        var counts = new Dictionary<(string Account, string Database, string Privilege), int>();
        while (await reader.ReadAsync(ct))
        {
            var (account, database) = (Name(reader.GetString(0), reader.GetString(1)), reader.GetString(2));
            var privileges = StringOrEmpty(reader, 3).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(SetPrivilege).ToList();
            foreach (var privilege in privileges)
            {
                var key = (account, database, privilege);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
            var grantable = privileges.Remove(GrantOption);
            var (objectName, grantor, objectKind) = ($"{database}.{reader.GetString(4)}", StringOrEmpty(reader, 5), reader.GetString(6));
            foreach (var privilege in privileges.Count == 0 && grantable ? ["USAGE"] : privileges)
                Add(grants.Grants, account, new ObjectGrant(objectName, objectKind, privilege, grantable, grantor));
        }
        foreach (var ((account, database, privilege), count) in counts)
            Add(grants.Objects, account, new ObjectGrantSummary(database, kind, privilege, count));
    }

    /// <summary>The <c>*_priv</c> columns of a row from <paramref name="from"/> on, as <see cref="PrivilegesOf"/> reads them.</summary>
    private static (List<string> Privileges, bool Grantable) PrivilegeColumns(MySqlDataReader reader, int from) =>
        PrivilegesOf(Enumerable.Range(from, reader.FieldCount - from).Select(i => (reader.GetName(i), !reader.IsDBNull(i) && reader.GetString(i) == "Y")));

    /// <summary>
    /// A grant table row's <c>*_priv</c> columns (<c>mysql.user</c>, <c>mysql.db</c>): the privileges set (ALL
    /// PRIVILEGES when every one is) and the grant option; a grant option alone is <c>USAGE</c> with it, as
    /// <c>SHOW GRANTS</c> writes it.
    /// </summary>
    internal static (List<string> Privileges, bool Grantable) PrivilegesOf(IEnumerable<(string Column, bool Set)> columns)
    {
        var privileges = new List<string>();
        bool grantable = false, all = true;
        foreach (var (column, set) in columns)
        {
            if (!column.EndsWith("_priv", StringComparison.OrdinalIgnoreCase)) continue;
            if (column.Equals("Grant_priv", StringComparison.OrdinalIgnoreCase)) grantable = set;
            else if (set) privileges.Add(ColumnPrivilege(column[..^5]));
            else all = false;
        }
        if (all && privileges.Count > 0) return ([AllPrivileges], grantable);
        return (grantable && privileges.Count == 0 ? ["USAGE"] : privileges, grantable);
    }

    /// <summary>A grant table's column (without <c>_priv</c>) as <c>SHOW GRANTS</c> names its privilege.</summary>
    internal static string ColumnPrivilege(string column) => column switch
    {
        "Show_db" => "SHOW DATABASES",
        "Create_tmp_table" => "CREATE TEMPORARY TABLES",
        "Repl_slave" => "REPLICATION SLAVE",
        "Repl_client" => "REPLICATION CLIENT",
        _ => column.Replace('_', ' ').ToUpperInvariant(),
    };

    /// <summary>A member of a privilege set column (<c>tables_priv.Table_priv</c>, ...) as <c>SHOW GRANTS</c> names it.</summary>
    internal static string SetPrivilege(string member) => member switch
    {
        "Grant" => GrantOption,
        "Delete versioning rows" => "DELETE HISTORY",
        _ => member.ToUpperInvariant(),
    };

    /// <summary>An account as MySQL writes it, <c>user@host</c>; a MariaDB role has no host and is its name alone.</summary>
    internal static string Name(string user, string host) => host.Length == 0 ? user : $"{user}@{host}";

    private static string StringOrEmpty(MySqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? "" : Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture)!;

    /// <summary>A JSON true as <c>JSON_VALUE</c> gives it ("1" on MariaDB 10.11, "true" on some versions).</summary>
    private static bool JsonTrue(MySqlDataReader reader, int ordinal) => StringOrEmpty(reader, ordinal) is "1" or "true";

    private static DateTime? ExpiresAt(long? changedEpoch, long lifetimeDays) =>
        changedEpoch is { } changed && changed > 0 && lifetimeDays > 0 ? DateTime.UnixEpoch.AddSeconds(changed).AddDays(lifetimeDays) : null;

    /// <summary>The account maps, filled by the flavour's reader and turned into snapshots.</summary>
    private sealed class GrantTables
    {
        public Dictionary<string, List<Membership>> Memberships { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<Grant>> Database { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<ObjectGrantSummary>> Objects { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<ObjectGrant>> Grants { get; } = new(StringComparer.Ordinal);
        private readonly List<(string Name, RoleAttributes Attributes, List<Grant> Global)> _accounts = [];

        public void Account(string name, List<Grant> global, string plugin, bool locked, bool expired, DateTime? expiresAt, long connections, bool isRole)
        {
            bool Has(string privilege) => global.Any(g => g.Privilege == privilege || g.Privilege == AllPrivileges);
            var superuser = global.Any(g => g.Privilege is AllPrivileges or "SUPER");
            var login = !isRole && !locked && !expired && plugin != LockingPlugin;
            _accounts.Add((name, new RoleAttributes(superuser, Inherit: true, CreateRole: Has("CREATE USER") || Has("CREATE ROLE"), CreateDb: Has("CREATE"),
                login, Replication: Has("REPLICATION SLAVE"), BypassRls: false, connections == 0 ? -1 : (int)Math.Min(connections, int.MaxValue), expiresAt,
                plugin, locked, expired), global));
        }

        public CollectedAccounts Collected(ServerFacts server)
        {
            var accounts = _accounts.Select(a => new AccountSnapshot(a.Name, a.Attributes,
                    Sorted(Memberships.GetValueOrDefault(a.Name), m => m.Role),
                    Sorted(Database.GetValueOrDefault(a.Name), g => $"{g.Object}:{g.Privilege}"),
                    [],
                    Sorted(Objects.GetValueOrDefault(a.Name), o => $"{o.Schema}:{o.Kind}:{o.Privilege}"),
                    [],
                    Sorted(a.Global, g => g.Privilege),
                    SortedObjects(Grants.GetValueOrDefault(a.Name))))
                .OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
            return new CollectedAccounts(server, accounts,
                Memberships.ToDictionary(m => m.Key, m => (IReadOnlyList<Membership>)m.Value, StringComparer.Ordinal), [])
            {
                RoleList = _accounts.Select(a => a.Name).ToHashSet(StringComparer.Ordinal),
            };
        }
    }
}
