using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using MySqlConnector;
using Symphony.Application.Credentials;
using Symphony.Application.Fleet;
using Symphony.Domain.Fleet;
using static Symphony.Infrastructure.Fleet.GrantMaps;

namespace Symphony.Infrastructure.Fleet;

/// <summary>
/// MySQL and MariaDB targets over MySqlConnector. As with PostgreSQL, connections are unpooled, prefer TLS, carry a
/// command timeout, and every failure is given a reason a DBA acts on. The grant tables differ by flavour: MariaDB
/// keeps an account's attributes in <c>mysql.global_priv</c> and its roles in <c>mysql.roles_mapping</c>; MySQL 8
/// keeps them in <c>mysql.user</c>, <c>mysql.global_grants</c>, <c>mysql.role_edges</c> and <c>mysql.default_roles</c>.
/// The mapping onto the snapshot is in docs/architecture/fleet-domain.md ("MySQL and MariaDB accounts").
/// </summary>
public sealed partial class MySqlDriver : IDatabaseDriver
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

    /// <summary>The privileges on tables: holding one of them on <c>*.*</c> lets <c>information_schema.TABLES</c> show every table.</summary>
    private static readonly string[] TablePrivileges =
        ["SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "REFERENCES", "INDEX", "ALTER", "CREATE VIEW", "SHOW VIEW", "TRIGGER", "DELETE HISTORY"];

    private const string AllPrivileges = "ALL PRIVILEGES", GrantOption = "GRANT OPTION";
    private const string LockingPlugin = "mysql_no_login";

    public string DbType => DbTypes.MySql;

    public Task<ServerFacts> ProbeAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct) =>
        OnTargetAsync(target, credential, limits, async connection => (await FlavourAsync(connection, ct)).Facts, ct);

    /// <summary>The grant tables of the server's flavour, read on one connection in one round trip.</summary>
    public Task<CollectedAccounts> CollectAccountsAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct) =>
        OnTargetAsync(target with { DatabaseName = null }, credential, limits, async connection =>
        {
            var flavour = await FlavourAsync(connection, ct);
            if (flavour.Version < (flavour.MariaDb ? new Version(10, 4) : new Version(8, 0)))
                throw new DatabaseConnectionException(ConnectionFailureReasons.Protocol,
                    $"{flavour.Facts.Version} keeps its accounts in tables Symphony does not read: accounts sync needs MariaDB 10.4 or MySQL 8.0 onwards");
            var grants = new GrantTables();
            await using var command = new MySqlCommand(flavour.MariaDb ? MariaDbAccountsSql : MySqlAccountsSql, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (flavour.MariaDb) await ReadMariaDbAccountsAsync(reader, grants, flavour.Version, ct);
            else await ReadMySqlAccountsAsync(reader, grants, ct);
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct)) // mysql.db
            {
                var (privileges, grantable) = PrivilegeColumns(reader, from: 3);
                foreach (var privilege in privileges)
                    Add(grants.Database, Name(reader.GetString(2), reader.GetString(0)), new Grant(reader.GetString(1), privilege, grantable));
            }
            await ReadObjectGrantsAsync(reader, grants, "tables", ct);
            await ReadObjectGrantsAsync(reader, grants, "columns", ct);
            await ReadObjectGrantsAsync(reader, grants, "routines", ct);
            return grants.Collected(flavour.Facts);
        }, ct);

    /// <summary>
    /// Every database but the two virtual ones, with the data and index lengths of its tables from
    /// <c>information_schema.TABLES</c> (InnoDB's are estimates, as the server keeps them); a database without
    /// tables measures 0. The collector sees every table's size with a global privilege that reads no data
    /// (<c>SHOW VIEW</c>, docs/reference/collector-grants.md).
    /// </summary>
    public Task<CollectedCapacity> CollectCapacityAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct) =>
        OnTargetAsync(target with { DatabaseName = null }, credential, limits, async connection =>
        {
            var flavour = await FlavourAsync(connection, ct);
            await EnsureTablesVisibleAsync(connection, flavour, ct);
            await using var command = new MySqlCommand("""
                SELECT s.SCHEMA_NAME, CAST(COALESCE(SUM(t.DATA_LENGTH + t.INDEX_LENGTH), 0) AS SIGNED)
                FROM information_schema.SCHEMATA s LEFT JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = s.SCHEMA_NAME
                WHERE s.SCHEMA_NAME NOT IN ('information_schema', 'performance_schema')
                GROUP BY s.SCHEMA_NAME
                ORDER BY s.SCHEMA_NAME
                """, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var databases = new List<DatabaseSize>();
            while (await reader.ReadAsync(ct)) databases.Add(new DatabaseSize(reader.GetString(0), reader.GetInt64(1)));
            return new CollectedCapacity(flavour.Facts, databases);
        }, ct);

    /// <summary>The base tables of the target's database (<c>TABLE_SCHEMA</c>), largest first; views have no size.</summary>
    public Task<CollectedTables> CollectTableSizesAsync(
        ConnectionTarget target, UsableCredential credential, int limit, ConnectionLimits limits, CancellationToken ct) =>
        OnTargetAsync(target with { DatabaseName = null }, credential, limits, async connection =>
        {
            await EnsureTablesVisibleAsync(connection, await FlavourAsync(connection, ct), ct);
            await using var command = new MySqlCommand("""
                SELECT TABLE_SCHEMA, TABLE_NAME, CAST(COALESCE(DATA_LENGTH, 0) AS SIGNED), CAST(COALESCE(INDEX_LENGTH, 0) AS SIGNED),
                       CAST(TABLE_ROWS AS SIGNED), COUNT(*) OVER ()
                FROM information_schema.TABLES
                WHERE TABLE_SCHEMA = @database AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
                ORDER BY COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0) DESC, TABLE_NAME
                LIMIT @limit
                """, connection);
            command.Parameters.AddWithValue("@database", target.DatabaseName ?? "");
            command.Parameters.AddWithValue("@limit", limit);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var tables = new List<TableSize>();
            var total = 0;
            while (await reader.ReadAsync(ct))
            {
                var (data, index) = (reader.GetInt64(2), reader.GetInt64(3));
                tables.Add(new TableSize(reader.GetString(0), reader.GetString(1), "table", data + index, data, index, 0,
                    reader.IsDBNull(4) ? null : reader.GetInt64(4)));
                total = (int)reader.GetInt64(5);
            }
            return new CollectedTables(tables, total);
        }, ct);

    /// <summary>
    /// Refuses to measure when the collector would see no table: without a privilege on tables held on <c>*.*</c>
    /// the server hides them, and every database would measure 0. On MySQL 8 the figures are asked fresh, not from
    /// the statistics cache (a day old at most by default).
    /// </summary>
    private static async Task EnsureTablesVisibleAsync(MySqlConnection connection, Flavour flavour, CancellationToken ct)
    {
        await using var command = new MySqlCommand($"""
            {(flavour.MariaDb ? "" : "SET SESSION information_schema_stats_expiry = 0;")}
            SELECT COUNT(*) FROM information_schema.USER_PRIVILEGES
            WHERE GRANTEE = CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')
              AND PRIVILEGE_TYPE IN ({string.Join(", ", TablePrivileges.Select(p => $"'{p}'"))})
            """, connection);
        if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == 0)
            throw new DatabaseConnectionException(ConnectionFailureReasons.PermissionDenied,
                "the collector sees no table sizes: it needs SHOW VIEW ON *.* granted to itself (docs/reference/collector-grants.md)");
    }

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
        SELECT User, Host, Db, Table_priv FROM mysql.tables_priv;
        SELECT User, Host, Db, Column_priv FROM mysql.columns_priv;
        SELECT User, Host, Db, Proc_priv FROM mysql.procs_priv;
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

    /// <summary>Rows of (user, host, database, set of privileges), one per object: each privilege counted over the objects.</summary>
    private static async Task ReadObjectGrantsAsync(MySqlDataReader reader, GrantTables grants, string kind, CancellationToken ct)
    {
        await reader.NextResultAsync(ct);
        var counts = new Dictionary<(string Account, string Database, string Privilege), int>();
        while (await reader.ReadAsync(ct))
        {
            var (account, database) = (Name(reader.GetString(0), reader.GetString(1)), reader.GetString(2));
            foreach (var privilege in StringOrEmpty(reader, 3).Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var key = (account, database, SetPrivilege(privilege));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
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
                    Sorted(a.Global, g => g.Privilege)))
                .OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
            return new CollectedAccounts(server, accounts,
                Memberships.ToDictionary(m => m.Key, m => (IReadOnlyList<Membership>)m.Value, StringComparer.Ordinal), []);
        }
    }

    private sealed record Flavour(bool MariaDb, Version Version, ServerFacts Facts);

    /// <summary>MariaDB or MySQL, from <c>VERSION()</c> ("10.11.19-MariaDB-0+deb12u1", "8.0.36").</summary>
    private static async Task<Flavour> FlavourAsync(MySqlConnection connection, CancellationToken ct)
    {
        await using var command = new MySqlCommand("SELECT VERSION(), @@version_comment", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var version = reader.GetString(0);
        var comment = reader.IsDBNull(1) ? "" : reader.GetString(1);
        var mariaDb = version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);
        var numbers = VersionNumbers().Match(version);
        var parsed = numbers.Success ? new Version(int.Parse(numbers.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(numbers.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(numbers.Groups[3].Value, CultureInfo.InvariantCulture)) : new Version(0, 0);
        var text = $"{(mariaDb ? "MariaDB" : "MySQL")} {version}{(comment.Length > 0 ? $" ({comment})" : "")}";
        return new Flavour(mariaDb, parsed, new ServerFacts(text, parsed.Major));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\d+)\.(\d+)\.(\d+)")]
    private static partial System.Text.RegularExpressions.Regex VersionNumbers();

    private static async Task<T> OnTargetAsync<T>(
        ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, Func<MySqlConnection, Task<T>> work, CancellationToken ct)
    {
        try
        {
            await using var connection = new MySqlConnection(ConnectionString(target, credential, limits));
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                connectTimeout.CancelAfter(limits.Connect);
                await connection.OpenAsync(connectTimeout.Token);
            }
            return await work(connection);
        }
        catch (Exception e) when (Classify(e, limits) is { } failure && !ct.IsCancellationRequested)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Unpooled: a test must really connect. TLS when the server offers it, its certificate not verified; a server
    /// asking for the password itself (<c>mysql_clear_password</c>, or a full <c>caching_sha2_password</c> exchange)
    /// receives it only over TLS (docs/reference/collector-grants.md).
    /// </summary>
    private static string ConnectionString(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits) =>
        new MySqlConnectionStringBuilder
        {
            Server = target.Host,
            Port = (uint)target.Port,
            Database = target.DatabaseName ?? "",
            UserID = credential.Username,
            Password = credential.Secret,
            // Longer than the connect limit, which cancels first and so is reported as a timeout.
            ConnectionTimeout = (uint)Math.Max(1, (int)Math.Ceiling(limits.Connect.TotalSeconds)) + 2,
            DefaultCommandTimeout = (uint)Math.Max(1, (int)Math.Ceiling(limits.Statement.TotalSeconds)),
            ApplicationName = "symphony",
            SslMode = MySqlSslMode.Preferred,
            Pooling = false,
            AllowPublicKeyRetrieval = false,
        }.ConnectionString;

    /// <summary>
    /// The reason of a failure, as for PostgreSQL: a server shutting down, out of connections or gone mid-call is
    /// <c>unreachable</c> and retried; a refusal a retry cannot change fails at once. A missing grant is
    /// <c>permission_denied</c> with the server's words, which name the privilege and the table.
    /// </summary>
    internal static DatabaseConnectionException? Classify(Exception e, ConnectionLimits limits)
    {
        var (reason, message) = e switch
        {
            MySqlException { ErrorCode: MySqlErrorCode.CommandTimeoutExpired or MySqlErrorCode.QueryInterrupted or MySqlErrorCode.QueryTimeout }
                or MySqlException { Number: 1969 } => (ConnectionFailureReasons.Timeout, $"a statement took longer than {limits.Statement.TotalSeconds:0} s"),
            MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost } m when m.Message.StartsWith("Connect Timeout expired", StringComparison.Ordinal) =>
                (ConnectionFailureReasons.Timeout, $"no connection within {limits.Connect.TotalSeconds:0} s"),
            MySqlException { ErrorCode: MySqlErrorCode.ConnectionCountError or MySqlErrorCode.TooManyUserConnections or MySqlErrorCode.ServerShutdown }
                or MySqlException { Number: 1226 or 2006 or 2013 } => (ConnectionFailureReasons.Unreachable, Said(e)),
            MySqlException { ErrorCode: MySqlErrorCode.AccessDenied or MySqlErrorCode.HostNotPrivileged }
                or MySqlException { Number: 3118 or 4151 or 1820 or 1862 } => (ConnectionFailureReasons.AuthenticationFailed, Said(e)),
            MySqlException { ErrorCode: MySqlErrorCode.UnknownDatabase } => (ConnectionFailureReasons.DatabaseNotFound, Said(e)),
            MySqlException
            {
                ErrorCode: MySqlErrorCode.DatabaseAccessDenied or MySqlErrorCode.TableAccessDenied or MySqlErrorCode.ColumnAccessDenied
                or MySqlErrorCode.SpecifiedAccessDeniedError or MySqlErrorCode.PrecedureAccessDenied
            } => (ConnectionFailureReasons.PermissionDenied, Said(e)),
            MySqlException { InnerException: AuthenticationException a } => (ConnectionFailureReasons.Tls, a.Message),
            MySqlException { InnerException: SocketException or IOException or EndOfStreamException }
                or MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost } => (ConnectionFailureReasons.Unreachable, Said(e)),
            OperationCanceledException or TimeoutException => (ConnectionFailureReasons.Timeout, $"no connection within {limits.Connect.TotalSeconds:0} s"),
            AuthenticationException a => (ConnectionFailureReasons.Tls, a.Message),
            SocketException s => (ConnectionFailureReasons.Unreachable, s.Message),
            // An authentication plugin the client does not have (ed25519 without its package, PAM's dialog).
            NotSupportedException n => (ConnectionFailureReasons.AuthenticationFailed, n.Message),
            MySqlException m => (ConnectionFailureReasons.Protocol, Said(m)),
            MySqlProtocolException p => (ConnectionFailureReasons.Protocol, p.Message),
            _ => (null, null),
        };
        return reason is null ? null : new DatabaseConnectionException(reason, message!, e);
    }

    private static string Said(Exception e) => e is MySqlException { Number: > 0 } m ? $"{m.Number}: {m.Message}" : e.Message;
}
