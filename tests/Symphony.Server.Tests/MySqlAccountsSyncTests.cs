using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>
/// Accounts sync against the real MariaDB of the test command: accounts with known grants at every level (global,
/// database, table, column, routine, roles and default roles, grant and admin options, locked and expired), synced
/// by a collector holding exactly the grants of docs/reference/collector-grants.md, compared with <c>SHOW GRANTS
/// FOR</c> and the <c>information_schema</c> privilege views, changed, and synced again.
/// </summary>
public abstract partial class MySqlAccountsSyncTests(SymphonyApp app) : IAsyncLifetime
{
    private readonly string _p = "m" + Guid.NewGuid().ToString("N")[..7];
    private readonly string _password = "Sync-" + Guid.NewGuid().ToString("N")[..10];
    private string Shop => _p + "_shop";
    private string _workspace = "";
    protected SymphonyApp App => app;
    protected string WorkspaceSlug => _p;
    protected string Workspace => _workspace;

    private string Account(string name, string host = "%") => $"'{_p}_{name}'@'{host}'";
    private string Name(string name, string host = "%") => $"{_p}_{name}@{host}";
    /// <summary>The host of this test's anonymous account (<c>''@host</c>: any user name from there signs in), which no test connects from.</summary>
    private string Anonymous => $"{_p}_anon.invalid";

    public async Task InitializeAsync()
    {
        await TestMariaDb.CreateCollectorAsync($"{_p}_collector", _password);
        await TestMariaDb.ExecuteAsync($"""
            CREATE DATABASE {Shop};
            CREATE TABLE {Shop}.orders (id INT PRIMARY KEY, note VARCHAR(100));
            CREATE TABLE {Shop}.items (id INT PRIMARY KEY, sku VARCHAR(20), price INT);
            CREATE TABLE {Shop}.customers (id INT PRIMARY KEY, name VARCHAR(100), email VARCHAR(100));
            CREATE FUNCTION {Shop}.total(x INT) RETURNS INT DETERMINISTIC RETURN x * 2;
            CREATE PROCEDURE {Shop}.restock() SELECT 1;
            CREATE USER {Account("dba")} IDENTIFIED BY 'x';
            GRANT ALL PRIVILEGES ON *.* TO {Account("dba")} WITH GRANT OPTION;
            CREATE USER {Account("super", "10.0.0.%")} IDENTIFIED BY 'x';
            GRANT SUPER, PROCESS ON *.* TO {Account("super", "10.0.0.%")};
            CREATE USER {Account("admin")} IDENTIFIED BY 'x';
            GRANT CREATE USER, RELOAD ON *.* TO {Account("admin")} WITH GRANT OPTION;
            CREATE USER {Account("creator")} IDENTIFIED BY 'x' WITH MAX_USER_CONNECTIONS 5;
            GRANT CREATE USER ON *.* TO {Account("creator")};
            CREATE USER {Account("app")} IDENTIFIED BY 'x';
            GRANT ALL PRIVILEGES ON {Shop}.* TO {Account("app")};
            GRANT SELECT, INSERT ON {Shop}.orders TO {Account("app")};
            GRANT SELECT ON {Shop}.items TO {Account("app")} WITH GRANT OPTION;
            GRANT SELECT (name, email), UPDATE (email) ON {Shop}.customers TO {Account("app")};
            GRANT EXECUTE ON FUNCTION {Shop}.total TO {Account("app")};
            GRANT EXECUTE, ALTER ROUTINE ON PROCEDURE {Shop}.restock TO {Account("app")};
            CREATE ROLE {_p}_base;
            GRANT SHOW VIEW ON {Shop}.* TO {_p}_base;
            CREATE ROLE {_p}_readers;
            GRANT SELECT ON {Shop}.orders TO {_p}_readers;
            GRANT {_p}_base TO {_p}_readers;
            CREATE USER {Account("reader", "localhost")} IDENTIFIED BY 'x';
            GRANT SELECT, SHOW VIEW ON {Shop}.* TO {Account("reader", "localhost")};
            GRANT {_p}_readers TO {Account("reader", "localhost")};
            SET DEFAULT ROLE {_p}_readers FOR {Account("reader", "localhost")};
            CREATE USER {Account("switcher")} IDENTIFIED BY 'x';
            GRANT {_p}_readers TO {Account("switcher")};
            CREATE USER {Account("granter")} IDENTIFIED BY 'x';
            GRANT {_p}_readers TO {Account("granter")} WITH ADMIN OPTION;
            CREATE USER {Account("locked")} IDENTIFIED BY 'x' ACCOUNT LOCK;
            CREATE USER {Account("expired")} IDENTIFIED BY 'x' PASSWORD EXPIRE;
            CREATE USER {Account("aging")} IDENTIFIED BY 'x' PASSWORD EXPIRE INTERVAL 30 DAY;
            CREATE USER ''@'{Anonymous}';
            """);
        _workspace = $"/api/v1/workspaces/{_p}";
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug = _p, name = "MySQL sync" }))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        var users = (await TestMariaDb.QueryAsync($"SELECT User, Host FROM mysql.global_priv WHERE User LIKE '{_p}\\_%'"))
            .Select(r => (string)r[1] == "" ? $"ROLE IF EXISTS '{r[0]}'" : $"USER IF EXISTS '{r[0]}'@'{r[1]}'").ToList();
        await TestMariaDb.ExecuteAsync($"DROP DATABASE IF EXISTS {Shop}; DROP DATABASE IF EXISTS {Shop}_gone; DROP USER IF EXISTS ''@'{Anonymous}'"
            + string.Concat(users.Select(u => $"; DROP {u}")));
    }

    private Task<string> InstanceAsync(string password) => TestInstances.AddAsync(app.Admin, _p, TestTarget.MariaDb($"{_p}_collector", password));

    protected async Task<(string Status, JsonNode Item)> SyncAsync(string instance, string kind = "accounts")
    {
        var (run, item) = await TestInstances.SyncAsync(app.Admin, _p, instance, kind);
        return (run["status"]!.GetValue<string>(), item);
    }

    private async Task<Dictionary<string, JsonNode>> AccountsAsync()
    {
        var list = (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/accounts?limit=200&search={_p}_&include_deleted=true")))["items"]!.AsArray();
        var accounts = new Dictionary<string, JsonNode>();
        foreach (var account in list)
            accounts[account!["name"]!.GetValue<string>()] = await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/accounts/{account["id"]}"));
        return accounts;
    }

    /// <summary>This test's accounts' changes of permissions (moves between classifications are asserted by membership).</summary>
    private async Task<List<JsonNode>> ChangesSinceAsync(DateTime since) =>
        (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/account-changes?since={since:O}&limit=200")))["items"]!.AsArray()
            .Where(c => c!["account_name"]!.GetValue<string>().StartsWith(_p + "_", StringComparison.Ordinal) && c["kind"]!.GetValue<string>() != "classified")
            .Select(c => c!).ToList();

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(v => v!.GetValue<string>()).ToList();

    private async Task<string> ClassificationAsync(string code, object expr)
    {
        var created = await app.Admin.PostAsync($"{_workspace}/classifications", Json(new { code, name = code, risk_level = 3 }));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await ReadJsonAsync(created))["id"]!.GetValue<string>();
        var rule = await app.Admin.PostAsync($"{_workspace}/classifications/{id}/rules", Json(new { db_type = "mysql", rule = new { version = 1, expr } }));
        Assert.True(rule.StatusCode == HttpStatusCode.Created, await rule.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>This test's accounts in a classification.</summary>
    private async Task<List<string>> MembersAsync(string classification) =>
        (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/classifications/{classification}/accounts?limit=200")))["items"]!.AsArray()
            .Select(a => a!["account"]!["name"]!.GetValue<string>()).Where(n => n.StartsWith(_p + "_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task A_sync_matches_show_grants_and_a_resync_logs_exactly_the_changes_made()
    {
        var instance = await InstanceAsync(_password);
        // Rules over MySQL facts, classified by the sync.
        var grantors = await ClassificationAsync("grantors", new { or = new object[] { new { is_superuser = new { } }, new { has_capability = new { name = "GRANT_ADMIN" } } } });
        var routines = await ClassificationAsync("routines", new { has_privilege = new { name = "EXECUTE", scope = "routine", database = Shop } });
        var processes = await ClassificationAsync("processes", new { has_privilege = new { name = "PROCESS", scope = "global" } });
        var lockedMySql = await ClassificationAsync("locked-mysql", new { and = new object[] { new { db_type_in = new { types = new[] { "mysql" } } }, new { is_locked = new { } } } });
        var lockedPostgres = await ClassificationAsync("locked-postgres", new { and = new object[] { new { db_type_in = new { types = new[] { "postgresql" } } }, new { is_locked = new { } } } });
        var (status, item) = await SyncAsync(instance);
        Assert.True(status == "completed", item.ToJsonString());
        var accounts = await AccountsAsync();
        string[] expected = [Name("admin"), Name("aging"), _p + "_base", Name("collector"), Name("creator"), Name("dba"), Name("expired"), Name("granter"),
            Name("locked"), Name("reader", "localhost"), _p + "_readers", Name("super", "10.0.0.%"), Name("switcher"), Name("app"), "@" + Anonymous];
        Assert.Equal(expected.Order(StringComparer.Ordinal), accounts.Keys.Order(StringComparer.Ordinal));
        // Each account's sign-in state in one vocabulary: a role is not a locked account, an expired password neither;
        // an anonymous account signs in (with any user name) and says so.
        string State(string name) => accounts[name]["account"]!["sign_in_state"]!.GetValue<string>();
        Assert.Equal(("account_locked", "password_expired", "role", "can_sign_in", "can_sign_in"),
            (State(Name("locked")), State(Name("expired")), State(_p + "_base"), State(Name("dba")), State("@" + Anonymous)));
        Assert.True(accounts["@" + Anonymous]["facts"]!["anonymous"]!.GetValue<bool>());
        Assert.False(accounts[Name("dba")]["facts"]!["anonymous"]!.GetValue<bool>());
        var version = (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/instances/{instance}")))["server_version"]!.GetValue<string>();
        Assert.StartsWith("MariaDB 10.", version, StringComparison.Ordinal);

        // Every account's snapshot against SHOW GRANTS FOR, parsed here.
        foreach (var (name, account) in accounts)
        {
            var snapshot = account["snapshot"]!;
            var at = name.IndexOf('@', StringComparison.Ordinal);
            var grantee = at < 0 ? $"`{name}`" : $"`{name[..at]}`@`{name[(at + 1)..]}`";
            // A role's SHOW GRANTS lists the grants of the roles it holds too: only the lines to the account itself count.
            var shown = ShownGrants.Parse((await TestMariaDb.QueryAsync($"SHOW GRANTS FOR {grantee.Replace('`', '\'')}")).Select(r => (string)r[0])
                .Where(line => line.Contains($" TO {grantee}", StringComparison.Ordinal)));
            Assert.Equal(shown.Global.Order(), snapshot["global_privileges"]!.AsArray()
                .Select(g => $"{g!["privilege"]}{(g["grantable"]!.GetValue<bool>() ? "+" : "")}").Order());
            Assert.Equal(shown.Databases.Order(), snapshot["database_privileges"]!.AsArray()
                .Select(g => $"{g!["object"]}:{g["privilege"]}{(g["grantable"]!.GetValue<bool>() ? "+" : "")}").Order());
            Assert.Equal(shown.Objects.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}"), snapshot["object_privileges"]!.AsArray()
                .Select(o => $"{o!["kind"]}:{o["schema"]}:{o["privilege"]}={o["count"]}").Order(StringComparer.Ordinal));
            Assert.Equal(shown.Roles.Order(), snapshot["member_of"]!.AsArray().Select(m => $"{m!["role"]}{(m["admin_option"]!.GetValue<bool>() ? "+" : "")}").Order());
        }

        // Tables and columns against information_schema's views (as an administrator, they list every account).
        var tables = await TestMariaDb.QueryAsync($"""
            SELECT GRANTEE, PRIVILEGE_TYPE, COUNT(*) FROM information_schema.TABLE_PRIVILEGES WHERE TABLE_SCHEMA = '{Shop}' GROUP BY 1, 2
            """);
        Assert.Equal(3, tables.Count); // app: SELECT on two tables, INSERT on one; readers: SELECT on one
        foreach (var row in tables)
        {
            var name = Regex.Replace((string)row[0], "^'(.*)'@'(.*)'$", "$1@$2").TrimEnd('@'); // a role has no host
            Assert.Contains(accounts[name]["snapshot"]!["object_privileges"]!.AsArray(), o => o!["kind"]!.GetValue<string>() == "tables"
                && o["schema"]!.GetValue<string>() == Shop && o["privilege"]!.GetValue<string>() == (string)row[1] && o["count"]!.GetValue<int>() == Convert.ToInt32(row[2]));
        }
        var columns = await TestMariaDb.QueryAsync($"SELECT GRANTEE, PRIVILEGE_TYPE, COUNT(*) FROM information_schema.COLUMN_PRIVILEGES WHERE TABLE_SCHEMA = '{Shop}' GROUP BY 1, 2");
        Assert.Equal(2, columns.Count);
        foreach (var row in columns)
            Assert.Contains(accounts[Name("app")]["snapshot"]!["object_privileges"]!.AsArray(), o => o!["kind"]!.GetValue<string>() == "columns"
                && o["privilege"]!.GetValue<string>() == (string)row[1] && o["count"]!.GetValue<int>() == Convert.ToInt32(row[2]));

        // Every account's effective privileges against SHOW GRANTS for it and for the roles it uses at sign-in: its
        // default role (SET DEFAULT ROLE) and the roles granted to that role, followed through.
        foreach (var (name, account) in accounts)
        {
            var shownEffective = new SortedSet<string>(StringComparer.Ordinal);
            var queue = new Queue<string>([name]);
            var seen = new HashSet<string>();
            while (queue.TryDequeue(out var holder))
            {
                if (!seen.Add(holder)) continue;
                var at = holder.IndexOf('@', StringComparison.Ordinal);
                var grantee = at < 0 ? $"`{holder}`" : $"`{holder[..at]}`@`{holder[(at + 1)..]}`";
                var lines = (await TestMariaDb.QueryAsync($"SHOW GRANTS FOR {grantee.Replace('`', '\'')}")).Select(r => (string)r[0]).ToList();
                shownEffective.UnionWith(ShownGrants.Effective(lines.Where(line => line.Contains($" TO {grantee}", StringComparison.Ordinal))));
                // A user's roles count through its default role only; a role's own roles are active with it.
                var roles = at < 0
                    ? lines.Select(line => ShownGrants.RoleOf(line, grantee)).OfType<string>()
                    : lines.Select(line => Regex.Match(line, $"^SET DEFAULT ROLE `([^`]+)` FOR {Regex.Escape(grantee)}$")).Where(m => m.Success).Select(m => m.Groups[1].Value);
                foreach (var role in roles) queue.Enqueue(role);
            }
            var effective = account["effective_privileges"]!.AsArray()
                .Select(p => $"{p!["object"]} {p["privilege"]}{(p["grantable"]!.GetValue<bool>() ? "+" : "")}").ToHashSet(StringComparer.Ordinal);
            Assert.True(shownEffective.SetEquals(effective),
                $"{name}: SHOW GRANTS [{string.Join(", ", shownEffective)}], Symphony [{string.Join(", ", effective.Order(StringComparer.Ordinal))}]");
        }
        // The default role's grants reach the reader; the same role without being a default gives the switcher nothing.
        Assert.Contains(accounts[Name("reader", "localhost")]["effective_privileges"]!.AsArray(),
            p => p!["object"]!.GetValue<string>() == $"{Shop}.orders" && p["through"]!.AsArray().Select(r => r!.GetValue<string>()).SequenceEqual([_p + "_readers"]));
        Assert.Equal(_p + "_readers", accounts[Name("switcher")]["set_role_only"]!.AsArray().Single(r => r!["role"]!.GetValue<string>() == _p + "_readers")!["role"]!.GetValue<string>());

        // Capabilities, the same words as on PostgreSQL.
        List<string> Capabilities(string name) => Strings(accounts[name]["facts"]!["capabilities"]);
        Assert.Equal(["SUPERUSER", "GRANT_ADMIN", "CREATEDB", "CREATEROLE", "REPLICATION", "LOGIN"], Capabilities(Name("dba")));
        Assert.Equal(["SUPERUSER", "GRANT_ADMIN", "LOGIN"], Capabilities(Name("super", "10.0.0.%")));
        Assert.Equal(["GRANT_ADMIN", "CREATEROLE", "LOGIN"], Capabilities(Name("admin")));
        Assert.Equal(["CREATEROLE", "LOGIN"], Capabilities(Name("creator")));
        Assert.Equal(["GRANT_ADMIN", "LOGIN"], Capabilities(Name("granter")));
        Assert.Equal(["LOCKED"], Capabilities(Name("locked")));
        Assert.Equal(["LOCKED"], Capabilities(Name("expired")));
        Assert.Equal(["LOCKED"], Capabilities(_p + "_readers"));
        Assert.Equal(["LOGIN"], Capabilities(Name("aging")));
        Assert.True(accounts[Name("locked")]["account"]!["is_locked"]!.GetValue<bool>());
        Assert.Equal(5, accounts[Name("creator")]["snapshot"]!["attributes"]!["connection_limit"]!.GetValue<int>());
        Assert.Equal("mysql_native_password", accounts[Name("app")]["snapshot"]!["attributes"]!["plugin"]!.GetValue<string>());
        Assert.True(accounts[Name("expired")]["snapshot"]!["attributes"]!["password_expired"]!.GetValue<bool>());
        var aging = accounts[Name("aging")]["account"]!["password_expires_at"]!.GetValue<DateTime>();
        Assert.InRange(aging, DateTime.UtcNow.AddDays(29), DateTime.UtcNow.AddDays(31));

        // Roles: the default role is used at sign-in, with the roles it holds; a role that is not the default waits for SET ROLE.
        var reader = accounts[Name("reader", "localhost")]["facts"]!;
        Assert.Equal([_p + "_base", _p + "_readers"], Strings(reader["inherited_roles"]));
        Assert.Equal(["SELECT", "SHOW VIEW"], Strings(reader["privileges"]![$"database:{Shop}"]));
        Assert.Equal([_p + "_readers"], Strings(accounts[Name("switcher")]["facts"]!["roles"]));
        Assert.Empty(Strings(accounts[Name("switcher")]["facts"]!["inherited_roles"]));
        Assert.Equal(["EXECUTE", "ALTER ROUTINE"], Strings(accounts[Name("app")]["facts"]!["privileges"]![$"routines:{Shop}"]).OrderDescending());

        Assert.Equal([Name("admin"), Name("dba"), Name("granter"), Name("super", "10.0.0.%")], await MembersAsync(grantors));
        Assert.Equal([Name("app")], await MembersAsync(routines));
        Assert.Equal([Name("super", "10.0.0.%")], await MembersAsync(processes));
        Assert.Equal([_p + "_base", Name("expired"), Name("locked"), _p + "_readers"], await MembersAsync(lockedMySql));
        Assert.Empty(await MembersAsync(lockedPostgres));

        // An unchanged resync changes none of these accounts.
        var beforeAgain = DateTime.UtcNow;
        Assert.Equal("completed", (await SyncAsync(instance)).Status);
        Assert.Empty(await ChangesSinceAsync(beforeAgain));

        // Change grants; the next sync logs exactly those changes.
        var before = DateTime.UtcNow;
        await TestMariaDb.ExecuteAsync($"""
            REVOKE SELECT, GRANT OPTION ON {Shop}.items FROM {Account("app")};
            GRANT PROCESS ON *.* TO {Account("creator")};
            ALTER USER {Account("locked")} ACCOUNT UNLOCK;
            DROP USER {Account("expired")};
            CREATE USER {Account("late")} IDENTIFIED BY 'x';
            GRANT SELECT ON {Shop}.customers TO {_p}_base;
            """);
        var (thirdStatus, third) = await SyncAsync(instance);
        Assert.True(thirdStatus == "completed", third.ToJsonString());
        var changes = (await ChangesSinceAsync(before)).ToDictionary(c => c["account_name"]!.GetValue<string>());
        Assert.Equal([Name("app"), _p + "_base", Name("creator"), Name("expired"), Name("late"), Name("locked")], changes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("deactivated", "created"), (changes[Name("expired")]["kind"]!.GetValue<string>(), changes[Name("late")]["kind"]!.GetValue<string>()));
        Assert.Equal([$"object:table:{Shop}.items:SELECT with grant option by root@127.0.0.1", "tables:" + Shop + ":GRANT OPTION=1", "tables:" + Shop + ":SELECT=2"],
            Strings(changes[Name("app")]["diff"]!["removed"]));
        Assert.Equal(["tables:" + Shop + ":SELECT=1"], Strings(changes[Name("app")]["diff"]!["added"]));
        Assert.Equal(["global:PROCESS"], Strings(changes[Name("creator")]["diff"]!["added"]));
        Assert.Equal(["attribute:account_locked=False", "attribute:login=True"], Strings(changes[Name("locked")]["diff"]!["added"]));
        Assert.Equal([Name("creator"), Name("super", "10.0.0.%")], await MembersAsync(processes));
        Assert.Equal([_p + "_base", _p + "_readers"], await MembersAsync(lockedMySql));
        // The grant to a role changes that role alone: the reader, which inherits it through two roles, is not in the log.
        Assert.Equal([$"object:table:{Shop}.customers:SELECT by root@127.0.0.1", "tables:" + Shop + ":SELECT=1"], Strings(changes[_p + "_base"]["diff"]!["added"]));
    }

    [Fact]
    public async Task Capacity_and_table_sizes_match_information_schema_and_a_dropped_database_is_gone()
    {
        await TestMariaDb.ExecuteAsync($"""
            USE {Shop};
            INSERT INTO orders SELECT seq, REPEAT('x', 90) FROM seq_1_to_3000;
            CREATE INDEX orders_note ON {Shop}.orders (note);
            ANALYZE TABLE {Shop}.orders;
            CREATE DATABASE {Shop}_gone;
            """);
        var instance = await InstanceAsync(_password);
        var (status, item) = await SyncAsync(instance, "capacity");
        Assert.True(status == "completed", item.ToJsonString());
        async Task<Dictionary<string, JsonNode>> DatabasesAsync() =>
            (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/capacity/databases?instance_id={instance}&search={_p}_&include_deleted=true")))["items"]!
                .AsArray().ToDictionary(d => d!["name"]!.GetValue<string>(), d => d!);
        var databases = await DatabasesAsync();
        Assert.Equal([Shop, Shop + "_gone"], databases.Keys.Order(StringComparer.Ordinal));
        var measured = Convert.ToInt64((await TestMariaDb.QueryAsync(
            $"SELECT SUM(DATA_LENGTH + INDEX_LENGTH) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{Shop}'"))[0][0]);
        Assert.Equal(measured, databases[Shop]["size_bytes"]!.GetValue<long>());
        Assert.Equal(0, databases[Shop + "_gone"]["size_bytes"]!.GetValue<long>());
        Assert.DoesNotContain("information_schema", (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/capacity/databases?instance_id={instance}&limit=200")))
            ["items"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()));

        var refreshed = await ReadJsonAsync(await app.Admin.PostAsync($"{_workspace}/capacity/databases/{databases[Shop]["id"]}/tables/actions/refresh", null));
        Assert.Equal(3, refreshed["total_tables"]!.GetValue<int>());
        Assert.Equal("orders", refreshed["tables"]![0]!["name"]!.GetValue<string>());
        foreach (var row in await TestMariaDb.QueryAsync($"SELECT TABLE_NAME, DATA_LENGTH, INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{Shop}'"))
        {
            var table = refreshed["tables"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == (string)row[0])!;
            Assert.Equal((Convert.ToInt64(row[1]), Convert.ToInt64(row[2])), (table["table_bytes"]!.GetValue<long>(), table["index_bytes"]!.GetValue<long>()));
            Assert.Equal((Shop, "table"), (table["schema"]!.GetValue<string>(), table["kind"]!.GetValue<string>()));
        }

        await TestMariaDb.ExecuteAsync($"DROP DATABASE {Shop}_gone");
        var (again, _) = await SyncAsync(instance, "capacity");
        Assert.Equal("completed", again);
        Assert.NotNull((await DatabasesAsync())[Shop + "_gone"]["gone_at"]);
    }

    [Fact]
    public async Task The_collector_grants_used_here_are_those_the_reference_gives_word_for_word()
    {
        var reference = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs/reference/collector-grants.md"));
        foreach (var grant in TestMariaDb.CollectorGrants)
            Assert.Contains(grant.Replace("{collector}", "'symphony_collector'@'%'", StringComparison.Ordinal) + ";", reference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_collector_without_one_of_its_grants_fails_with_permission_denied_naming_it()
    {
        var instance = await InstanceAsync(_password);
        await TestMariaDb.ExecuteAsync($"REVOKE SELECT ON mysql.roles_mapping FROM {Account("collector")}");
        var (status, item) = await SyncAsync(instance);
        Assert.Equal("failed", status);
        Assert.Equal(1, item["attempt_count"]!.GetValue<int>());
        Assert.StartsWith("DATABASE_CONNECTION_ERROR (permission_denied)", item["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("roles_mapping", item["error"]!.GetValue<string>(), StringComparison.Ordinal);

        await TestMariaDb.ExecuteAsync($"REVOKE SHOW VIEW ON *.* FROM {Account("collector")}");
        var (capacityStatus, capacityItem) = await SyncAsync(instance, "capacity");
        Assert.Equal("failed", capacityStatus);
        Assert.StartsWith("DATABASE_CONNECTION_ERROR (permission_denied)", capacityItem["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("SHOW VIEW ON *.*", capacityItem["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_fails_the_item_at_once_as_authentication_failed()
    {
        var instance = await InstanceAsync("not-the-password");
        var (status, item) = await SyncAsync(instance);
        Assert.Equal("failed", status);
        Assert.Equal(1, item["attempt_count"]!.GetValue<int>());
        Assert.StartsWith("DATABASE_CONNECTION_ERROR (authentication_failed)", item["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", item.ToJsonString(), StringComparison.Ordinal);
    }


    /// <summary>
    /// <c>SHOW GRANTS</c> output, read into the snapshot's terms: global privileges, database privileges, counted
    /// object privileges (<c>tables:db:SELECT</c>, <c>columns:db:UPDATE</c>, <c>routines:db:EXECUTE</c>) and roles;
    /// a "+" marks a grant or admin option.
    /// </summary>
    private sealed partial record ShownGrants(List<string> Global, List<string> Databases, Dictionary<string, int> Objects, List<string> Roles)
    {
        public static ShownGrants Parse(IEnumerable<string> lines)
        {
            var shown = new ShownGrants([], [], [], []);
            foreach (var line in lines)
            {
                if (RoleLine().Match(line) is { Success: true } role)
                {
                    shown.Roles.Add(role.Groups[1].Value + (line.EndsWith("WITH ADMIN OPTION", StringComparison.Ordinal) ? "+" : ""));
                    continue;
                }
                var grant = PrivilegeLine().Match(line);
                if (!grant.Success) continue; // SET DEFAULT ROLE, CREATE USER details
                var grantable = line.EndsWith("WITH GRANT OPTION", StringComparison.Ordinal);
                var (routine, database, table) = (grant.Groups[2].Value, grant.Groups[3].Value.Trim('`'), grant.Groups[4].Value.Trim('`'));
                var privileges = SplitPrivileges(grant.Groups[1].Value).ToList();
                if (database == "*")
                {
                    shown.Global.AddRange(privileges.Where(p => p.Name != "USAGE" || grantable).Select(p => p.Name + (grantable ? "+" : "")));
                }
                else if (table == "*")
                {
                    shown.Databases.AddRange(privileges.Select(p => $"{database}:{p.Name}{(grantable ? "+" : "")}"));
                }
                else
                {
                    var kind = routine.Length > 0 ? "routines" : "tables";
                    foreach (var (name, columns) in privileges)
                        Count(columns > 0 ? $"columns:{database}:{name}" : $"{kind}:{database}:{name}", Math.Max(columns, 1));
                    if (grantable) Count($"{kind}:{database}:GRANT OPTION", 1);
                }
            }
            return shown;

            void Count(string key, int n) => shown.Objects[key] = shown.Objects.GetValueOrDefault(key) + n;
        }

        /// <summary>"SELECT (`a`, `b`), UPDATE (`b`), INSERT": names with the number of columns each names.</summary>
        private static IEnumerable<(string Name, int Columns)> SplitPrivileges(string list)
        {
            foreach (Match m in OnePrivilege().Matches(list))
                yield return (m.Groups[1].Value.Trim(), m.Groups[2].Success ? m.Groups[2].Value.Split(',').Length : 0);
        }

        /// <summary>
        /// The lines as effective privileges in Symphony's terms, "object privilege" with "+" for a grant option:
        /// <c>*</c> for <c>*.*</c>, <c>db.*</c>, <c>db.table</c>, <c>db.table.column</c>, <c>db.routine</c>; USAGE alone is no privilege.
        /// </summary>
        public static IEnumerable<string> Effective(IEnumerable<string> lines)
        {
            foreach (var line in lines)
            {
                var grant = PrivilegeLine().Match(line);
                if (!grant.Success) continue;
                var grantable = line.EndsWith("WITH GRANT OPTION", StringComparison.Ordinal) ? "+" : "";
                var (database, table) = (grant.Groups[3].Value.Trim('`'), grant.Groups[4].Value.Trim('`'));
                var target = database == "*" ? "*" : table == "*" ? $"{database}.*" : $"{database}.{table}";
                foreach (Match m in OnePrivilege().Matches(grant.Groups[1].Value))
                {
                    var privilege = m.Groups[1].Value.Trim();
                    if (privilege == "USAGE" && grantable.Length == 0) continue;
                    if (!m.Groups[2].Success) yield return $"{target} {privilege}{grantable}";
                    else foreach (var column in m.Groups[2].Value.Split(','))
                        yield return $"{target}.{column.Trim().Trim('`')} {privilege}";
                }
            }
        }

        /// <summary>The role a <c>GRANT `role` TO grantee</c> line gives, or null.</summary>
        public static string? RoleOf(string line, string grantee) =>
            RoleLine().Match(line) is { Success: true } m && line.Contains($" TO {grantee}", StringComparison.Ordinal) ? m.Groups[1].Value : null;

        [GeneratedRegex(@"^GRANT `([^`]+)` TO ")]
        private static partial Regex RoleLine();

        [GeneratedRegex(@"^GRANT (.+?) ON (FUNCTION |PROCEDURE )?(\*|`[^`]+`)\.(\*|`[^`]+`) TO ")]
        private static partial Regex PrivilegeLine();

        [GeneratedRegex(@"([A-Z][A-Z _]*?)(?: \(([^)]*)\))?(?:, |$)")]
        private static partial Regex OnePrivilege();
    }
}

[Collection(SqliteLedgerServer.Name)]
public sealed class SqliteMySqlAccountsSyncTests(SqliteApp app) : MySqlAccountsSyncTests(app)
{
    // Once, on SQLite: which store keeps the ledger does not change how a target's outage is met.
    [Fact]
    public async Task A_stopped_mariadb_fails_only_its_own_item_in_a_mixed_fleet_sync()
    {
        var pgPassword = "Pg-" + Guid.NewGuid().ToString("N")[..10];
        var pgRole = WorkspaceSlug + "_pgcollector";
        await TestPostgres.CreatePasswordRoleAsync(pgRole, pgPassword);
        try
        {
            await using var maria = await TestMariaDbServer.StartAsync();
            var pg = await TestInstances.AddAsync(App.Admin, WorkspaceSlug, TestTarget.Postgres(pgRole, pgPassword), "pg");
            var mariaDb = await TestInstances.AddAsync(App.Admin, WorkspaceSlug, TestTarget.MariaDb("root", TestMariaDbServer.Password) with { Port = maria.Port }, "maria");
            Assert.Equal("completed", (await SyncAsync(mariaDb)).Status);

            await maria.StopAsync();
            var run = await ReadJsonAsync(await App.Admin.PostAsync($"{Workspace}/instances/actions/sync-accounts?wait=60", null));
            Assert.Equal("failed", run["status"]!.GetValue<string>());
            var items = (await ReadJsonAsync(await App.Admin.GetAsync($"{Workspace}/runs/{run["id"]}/items")))["items"]!.AsArray();
            Assert.Equal(2, items.Count);
            var completed = Assert.Single(items, i => i!["status"]!.GetValue<string>() == "completed")!;
            Assert.Equal(pg, completed["result"]!["instance_id"]!.GetValue<string>());
            var failed = Assert.Single(items, i => i!["status"]!.GetValue<string>() == "failed")!;
            Assert.Matches(@"^DATABASE_CONNECTION_ERROR \((unreachable|circuit_open)\)", failed["error"]!.GetValue<string>());
            Assert.Equal("poor", (await ReadJsonAsync(await App.Admin.GetAsync($"{Workspace}/instances/{mariaDb}")))["health"]!.GetValue<string>());
            Assert.Equal("good", (await ReadJsonAsync(await App.Admin.GetAsync($"{Workspace}/instances/{pg}")))["health"]!.GetValue<string>());
        }
        finally
        {
            await TestPostgres.ExecuteAsync($"DROP ROLE IF EXISTS {pgRole}");
        }
    }
}

[Collection(PostgresLedgerServer.Name)]
public sealed class PostgresMySqlAccountsSyncTests(PostgresApp app) : MySqlAccountsSyncTests(app);
