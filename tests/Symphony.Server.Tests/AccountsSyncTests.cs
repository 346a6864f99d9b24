using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>
/// Accounts sync against the real PostgreSQL of the test command: a fleet of roles with known grants is synced
/// with a collector that has only LOGIN and CONNECT, compared with the catalog, changed, and synced again.
/// </summary>
public abstract class AccountsSyncTests(SymphonyApp app) : IAsyncLifetime
{
    private readonly string _p = "s" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _password = "Sync-" + Guid.NewGuid().ToString("N")[..10];
    private string Database => _p + "_app";
    private string Role(string name) => $"{_p}_{name}";
    private string _workspace = "";
    protected SymphonyApp App => app;
    protected string WorkspacePath => _workspace;
    protected string WorkspaceSlug => _p;

    public async Task InitializeAsync()
    {
        await TestPostgres.CreatePasswordRoleAsync(Role("collector"), _password);
        await ExecuteAsync(null, $"""
            CREATE ROLE {Role("readers")} NOLOGIN;
            CREATE ROLE {Role("reader")} LOGIN IN ROLE {Role("readers")};
            CREATE ROLE {Role("owner")} LOGIN CREATEDB;
            CREATE ROLE {Role("grantor")} LOGIN;
            GRANT {Role("readers")} TO {Role("grantor")} WITH ADMIN OPTION;
            CREATE ROLE {Role("expired")} LOGIN VALID UNTIL '2001-01-01';
            CREATE ROLE {Role("monitor")} LOGIN IN ROLE pg_monitor;
            """);
        await ExecuteAsync(null, $"CREATE DATABASE {Database} OWNER {Role("owner")}");
        await ExecuteAsync(Database, $"""
            CREATE SCHEMA sales AUTHORIZATION {Role("owner")};
            CREATE TABLE sales.orders (id int); CREATE TABLE sales.items (id int); CREATE SEQUENCE sales.order_ids;
            ALTER TABLE sales.orders OWNER TO {Role("owner")}; ALTER TABLE sales.items OWNER TO {Role("owner")};
            ALTER SEQUENCE sales.order_ids OWNER TO {Role("owner")};
            GRANT USAGE ON SCHEMA sales TO {Role("readers")};
            GRANT SELECT ON ALL TABLES IN SCHEMA sales TO {Role("readers")};
            GRANT USAGE ON SEQUENCE sales.order_ids TO {Role("reader")};
            ALTER DEFAULT PRIVILEGES FOR ROLE {Role("owner")} IN SCHEMA sales GRANT SELECT ON TABLES TO {Role("readers")};
            """);
        _workspace = $"/api/v1/workspaces/{_p}";
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug = _p, name = "Sync" }))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await ExecuteAsync(null, $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
        var roles = new[] { "reader", "grantor", "readers", "owner", "expired", "monitor", "collector", "late" }.Select(Role);
        await ExecuteAsync(null, string.Join(";", roles.Select(r => $"DROP ROLE IF EXISTS {r}")));
    }

    private static Task ExecuteAsync(string? database, string sql) => TestPostgres.ExecuteAsync(sql, database);

    private static async Task<List<object[]>> QueryAsync(string? database, string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString);
        if (database is not null) builder.Database = database;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    protected Task<string> InstanceAsync() => TestInstances.AddAsync(app.Admin, _p, TestTarget.Postgres(Role("collector"), _password), "pg");

    private async Task<JsonNode> SyncAsync(string instance)
    {
        var (run, item) = await TestInstances.SyncAsync(app.Admin, _p, instance);
        Assert.True(run["status"]!.GetValue<string>() == "completed", item.ToJsonString());
        // The instance keeps what its last accounts sync did, with the run.
        var last = (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/instances/{instance}")))["last_accounts_sync"]!;
        Assert.Equal(run["id"]!.GetValue<string>(), last["run_id"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(item["result"], last["result"]), last.ToJsonString());
        return item["result"]!;
    }

    private async Task<Dictionary<string, JsonNode>> AccountsAsync()
    {
        var list = (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/accounts?limit=200&search={_p}_&include_deleted=true")))["items"]!.AsArray();
        var accounts = new Dictionary<string, JsonNode>();
        foreach (var account in list)
            accounts[account!["name"]!.GetValue<string>()] = await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/accounts/{account["id"]}"));
        return accounts;
    }

    private async Task<List<JsonNode>> ChangesSinceAsync(DateTime since) =>
        (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/account-changes?since={since:O}&limit=200")))["items"]!.AsArray()
            .Where(c => c!["account_name"]!.GetValue<string>().StartsWith(_p + "_", StringComparison.Ordinal)).Select(c => c!).ToList();

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(v => v!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_sync_matches_the_catalog_and_a_resync_logs_exactly_the_changes_made()
    {
        var instance = await InstanceAsync();
        await AssertProblemAsync(await app.Admin.GetAsync($"{_workspace}/instances/{instance}/accounts"), HttpStatusCode.Conflict, "SNAPSHOT_MISSING");
        var first = await SyncAsync(instance);
        Assert.True(first["created"]!.GetValue<int>() >= 7);
        var accounts = await AccountsAsync();
        Assert.Equal(7, accounts.Count);
        var ofInstance = await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/instances/{instance}/accounts?search={_p}_&limit=200"));
        Assert.NotNull(ofInstance["synced_at"]);
        Assert.Equal(accounts.Keys.Order(), ofInstance["accounts"]!["items"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()).Order());

        // Attributes and memberships, against pg_roles and pg_auth_members read here.
        foreach (var row in await QueryAsync(null, $"""
            SELECT r.rolname, r.rolsuper, r.rolcreatedb, r.rolcanlogin, r.rolcreaterole,
                   COALESCE((SELECT array_agg(p.rolname ORDER BY p.rolname) FROM pg_auth_members m JOIN pg_roles p ON p.oid = m.roleid WHERE m.member = r.oid), ARRAY[]::name[])
            FROM pg_roles r WHERE r.rolname LIKE '{_p}\_%'
            """))
        {
            var account = accounts[(string)row[0]];
            var attributes = account["snapshot"]!["attributes"]!;
            Assert.Equal(((bool)row[1], (bool)row[2], (bool)row[3], (bool)row[4]), (attributes["superuser"]!.GetValue<bool>(),
                attributes["create_db"]!.GetValue<bool>(), attributes["login"]!.GetValue<bool>(), attributes["create_role"]!.GetValue<bool>()));
            Assert.Equal((string[])row[5], Strings(account["facts"]!["roles"]));
        }

        // Table privileges, against information_schema in the database itself.
        var tableGrants = await QueryAsync(Database, $"""
            SELECT grantee, privilege_type, COUNT(*)::int FROM information_schema.role_table_grants
            WHERE table_schema = 'sales' AND grantee LIKE '{_p}\_%' GROUP BY 1, 2
            """);
        foreach (var row in tableGrants)
        {
            var summary = accounts[(string)row[0]]["snapshot"]!["object_privileges"]!.AsArray()
                .Single(o => o!["schema"]!.GetValue<string>() == $"{Database}.sales" && o["kind"]!.GetValue<string>() == "tables"
                    && o["privilege"]!.GetValue<string>() == (string)row[1]);
            Assert.Equal((int)row[2], summary!["count"]!.GetValue<int>());
        }
        Assert.Contains(tableGrants, r => (string)r[0] == Role("readers") && (string)r[1] == "SELECT");

        var reader = accounts[Role("reader")]["facts"]!;
        Assert.Equal([Role("readers")], Strings(reader["inherited_roles"]));
        Assert.Equal(["USAGE"], Strings(reader["privileges"]![$"sequences:{Database}.sales"]));
        Assert.Contains("GRANT_ADMIN", Strings(accounts[Role("grantor")]["facts"]!["capabilities"]));
        Assert.Contains("LOCKED", Strings(accounts[Role("expired")]["facts"]!["capabilities"]));
        Assert.True(accounts[Role("expired")]["account"]!["is_locked"]!.GetValue<bool>());
        Assert.Contains("pg_read_all_stats", Strings(accounts[Role("monitor")]["facts"]!["inherited_roles"]));
        Assert.Contains("CREATEDB", Strings(accounts[Role("owner")]["facts"]!["capabilities"]));
        Assert.Contains(accounts[Role("readers")]["snapshot"]!["default_privileges"]!.AsArray(),
            d => d!["schema"]!.GetValue<string>() == $"{Database}.sales" && d["privilege"]!.GetValue<string>() == "SELECT");

        // An unchanged resync changes none of these accounts. (The cluster is shared with tests running beside this
        // one, whose roles come and go, so the checks look at this test's roles only.)
        var beforeAgain = DateTime.UtcNow;
        await SyncAsync(instance);
        Assert.Empty(await ChangesSinceAsync(beforeAgain));

        // Change grants; the next sync logs exactly those changes.
        var before = DateTime.UtcNow;
        await ExecuteAsync(Database, $"REVOKE USAGE ON SEQUENCE sales.order_ids FROM {Role("reader")}; GRANT CREATE ON SCHEMA sales TO {Role("grantor")}");
        await ExecuteAsync(null, $"ALTER ROLE {Role("reader")} CREATEDB; DROP ROLE {Role("expired")}; CREATE ROLE {Role("late")} LOGIN");
        var third = await SyncAsync(instance);
        Assert.True(third["changed"]!.GetValue<int>() >= 2 && third["created"]!.GetValue<int>() >= 1 && third["deactivated"]!.GetValue<int>() >= 1);

        var changes = (await ChangesSinceAsync(before)).ToDictionary(c => c["account_name"]!.GetValue<string>());
        Assert.Equal([Role("expired"), Role("grantor"), Role("late"), Role("reader")], changes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("deactivated", changes[Role("expired")]["kind"]!.GetValue<string>());
        Assert.Equal("created", changes[Role("late")]["kind"]!.GetValue<string>());
        var readerDiff = changes[Role("reader")]["diff"]!;
        Assert.Equal(["attribute:createdb=True"], Strings(readerDiff["added"]));
        // The count per schema, and the object itself with who granted it: the owner (a superuser's grant is the owner's).
        Assert.Equal(["attribute:createdb=False", $"object:sequence:{Database}.sales.order_ids:USAGE by {Role("owner")}", $"sequences:{Database}.sales:USAGE=1"],
            Strings(readerDiff["removed"]));
        // The same change in words: the attribute that moved is one sentence, the counts give way to the object.
        Assert.Equal(["CREATEDB granted", $"USAGE on sequence {Database}.sales.order_ids revoked by {Role("owner")}"], Strings(changes[Role("reader")]["sentences"]));
        Assert.Equal([$"schema:{Database}.sales:CREATE"], Strings(changes[Role("grantor")]["diff"]!["added"]));
        Assert.Empty(Strings(changes[Role("grantor")]["diff"]!["removed"]));

        var history = (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/accounts/{accounts[Role("reader")]["account"]!["id"]}/changes")))["items"]!;
        Assert.Equal(["changed", "created"], history.AsArray().Select(c => c!["kind"]!.GetValue<string>()));
        var deactivated = (await AccountsAsync())[Role("expired")]["account"]!;
        Assert.False(deactivated["is_active"]!.GetValue<bool>());
        // The ledger lists a gone account only when asked for gone ones, whatever else it is filtered by.
        async Task<int> TotalAsync(string query) => (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/accounts?search={Role("expired")}&{query}")))["total"]!.GetValue<int>();
        Assert.Equal((0, 0, 1, 1), (await TotalAsync("db_type=postgresql"), await TotalAsync("sort=first_seen_at"), await TotalAsync("gone=true"),
            await TotalAsync("db_type=postgresql&include_deleted=true")));
    }

    [Fact]
    public async Task A_sync_with_a_wrong_password_fails_its_item_at_once_and_marks_the_instance()
    {
        var instance = await InstanceAsync();
        await ExecuteAsync(null, $"ALTER ROLE {Role("collector")} PASSWORD 'changed-behind-our-back'");
        var response = await app.Admin.PostAsync($"{_workspace}/instances/actions/sync-accounts?wait=60", Json(new { instance_ids = new[] { instance } }));
        var run = await ReadJsonAsync(response);
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        var item = (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/runs/{run["id"]}/items")))["items"]![0]!;
        Assert.Equal(1, item["attempt_count"]!.GetValue<int>());
        Assert.StartsWith("DATABASE_CONNECTION_ERROR (authentication_failed)", item["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("poor", (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/instances/{instance}")))["health"]!.GetValue<string>());
    }
}

[Collection(SqliteFleetServer.Name)]
public sealed class SqliteAccountsSyncTests(SqliteApp app) : AccountsSyncTests(app)
{
    // Once, on SQLite: which store keeps the ledger does not change how a target's outage is met.
    [Fact]
    public async Task A_stopped_target_fails_only_its_own_item_after_its_retries_and_the_rest_of_the_fleet_syncs()
    {
        var healthy = await InstanceAsync();
        await using var other = await TestCluster.StartAsync();
        var stopped = await TestInstances.AddAsync(App.Admin, WorkspaceSlug, TestTarget.Postgres("postgres", "unused-with-trust") with { Port = other.Port }, "pg-two");
        Assert.Equal("completed", (await ReadJsonAsync(await App.Admin.PostAsync($"{WorkspacePath}/instances/{stopped}/actions/sync-accounts?wait=60", null)))["status"]!.GetValue<string>());

        await other.StopAsync();
        var response = await App.Admin.PostAsync($"{WorkspacePath}/instances/actions/sync-accounts?wait=60", null);
        var run = await ReadJsonAsync(response);
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        var items = (await ReadJsonAsync(await App.Admin.GetAsync($"{WorkspacePath}/runs/{run["id"]}/items")))["items"]!.AsArray()
            .ToDictionary(i => i!["result"]?["instance_id"]?.GetValue<string>() ?? "failed");
        Assert.Equal(2, items.Count);
        Assert.Equal("completed", items[healthy]!["status"]!.GetValue<string>());
        var failed = items["failed"]!;
        Assert.Equal(("failed", 3), (failed["status"]!.GetValue<string>(), failed["attempt_count"]!.GetValue<int>()));
        // The first attempt finds it unreachable (after the driver's own retries); then its circuit is open.
        Assert.Matches(@"^DATABASE_CONNECTION_ERROR \((unreachable|circuit_open)\)", failed["error"]!.GetValue<string>());
        var history = (await ReadJsonAsync(await App.Admin.GetAsync($"{WorkspacePath}/runs/{run["id"]}/items/{failed["id"]}/history")))["history"]!.AsArray();
        Assert.Contains(history, h => h!["reason"]?.GetValue<string>()?.Contains("(unreachable)", StringComparison.Ordinal) == true);
        Assert.Equal("poor", (await ReadJsonAsync(await App.Admin.GetAsync($"{WorkspacePath}/instances/{stopped}")))["health"]!.GetValue<string>());
        Assert.Equal("good", (await ReadJsonAsync(await App.Admin.GetAsync($"{WorkspacePath}/instances/{healthy}")))["health"]!.GetValue<string>());
    }
}

[Collection(PostgresFleetServer.Name)]
public sealed class PostgresAccountsSyncTests(PostgresApp app) : AccountsSyncTests(app);
