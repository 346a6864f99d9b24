using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Symphony.Application.Common;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>
/// "Who can do X on Y" against PostgreSQL's own answers: roles granted through chains (with and without INHERIT),
/// grant options, column grants, default privileges, PUBLIC, pg_read_all_data and a superuser; after one sync, for
/// every table, view, sequence, function and column of the database and every privilege of its kind, the accounts
/// Symphony names equal those for which <c>has_table_privilege</c>, <c>has_sequence_privilege</c>,
/// <c>has_function_privilege</c> and <c>has_column_privilege</c> say yes, with and without the grant option.
/// </summary>
[Collection(SqliteLedgerServer.Name)]
public sealed class EffectivePrivilegeTruthTests(SqliteApp app) : IAsyncLifetime
{
    private readonly string _p = "e" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _password = "Truth-" + Guid.NewGuid().ToString("N")[..10];
    private string Database => _p + "_app";
    private string Role(string name) => $"{_p}_{name}";
    private static readonly string[] Roles = ["owner", "app_read", "app_write", "alice", "bob", "carol", "dave", "erin", "frank", "root", "nobody"];

    public async Task InitializeAsync()
    {
        await TestPostgres.CreatePasswordRoleAsync(Role("collector"), _password);
        await TestPostgres.ExecuteAsync($"""
            CREATE ROLE {Role("owner")} NOLOGIN;
            CREATE ROLE {Role("app_read")} NOLOGIN;
            CREATE ROLE {Role("app_write")} NOLOGIN IN ROLE {Role("app_read")};
            CREATE ROLE {Role("alice")} LOGIN IN ROLE {Role("app_write")};
            CREATE ROLE {Role("bob")} LOGIN NOINHERIT IN ROLE {Role("app_read")};
            CREATE ROLE {Role("carol")} LOGIN IN ROLE {Role("owner")};
            CREATE ROLE {Role("dave")} LOGIN;
            CREATE ROLE {Role("erin")} LOGIN;
            CREATE ROLE {Role("frank")} LOGIN IN ROLE pg_read_all_data;
            CREATE ROLE {Role("root")} LOGIN SUPERUSER;
            CREATE ROLE {Role("nobody")} LOGIN VALID UNTIL '2001-01-01';
            """);
        await TestPostgres.ExecuteAsync($"CREATE DATABASE {Database} OWNER {Role("owner")}");
        await TestPostgres.ExecuteAsync($"""
            CREATE SCHEMA sales AUTHORIZATION {Role("owner")};
            SET ROLE {Role("owner")};
            ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO {Role("app_read")};
            CREATE TABLE sales.invoices (id int, amount numeric, note text);
            CREATE TABLE sales.cards (id int, number text);
            CREATE VIEW sales.totals AS SELECT sum(amount) FROM sales.invoices;
            CREATE SEQUENCE sales.invoice_ids;
            CREATE FUNCTION sales.refund(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1';
            CREATE FUNCTION sales.open_to_all() RETURNS integer LANGUAGE sql AS 'SELECT 1';
            REVOKE EXECUTE ON FUNCTION sales.refund(integer) FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION sales.refund(integer) TO {Role("app_write")};
            GRANT INSERT, UPDATE ON sales.invoices TO {Role("app_write")};
            GRANT USAGE ON SEQUENCE sales.invoice_ids TO {Role("app_write")};
            GRANT SELECT ON sales.cards TO {Role("dave")} WITH GRANT OPTION;
            GRANT SELECT (id, amount), UPDATE (note) ON sales.invoices TO {Role("erin")};
            GRANT SELECT ON sales.totals TO PUBLIC;
            GRANT USAGE ON SCHEMA sales TO PUBLIC;
            REVOKE TEMPORARY ON DATABASE {Database} FROM PUBLIC;
            GRANT TEMPORARY ON DATABASE {Database} TO {Role("erin")};
            RESET ROLE;
            """, Database);
    }

    public async Task DisposeAsync()
    {
        await TestPostgres.ExecuteAsync($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
        await TestPostgres.ExecuteAsync(string.Join(";", Roles.Reverse().Append("collector").Select(r => $"DROP ROLE IF EXISTS {Role(r)}")));
    }

    [Fact]
    public async Task Who_can_do_each_privilege_on_each_object_is_what_postgresql_answers()
    {
        var workspace = $"/api/v1/workspaces/{_p}";
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug = _p, name = "Truth" }))).StatusCode);
        var vault = (await ReadJsonAsync(await app.Admin.PostAsync($"{workspace}/vaults", Json(new { name = "collectors" }))))["id"]!;
        var credential = (await ReadJsonAsync(await app.Admin.PostAsync($"{workspace}/vaults/{vault}/credentials",
            Json(new { name = "collector", username = Role("collector"), secret = _password }))))["id"]!;
        var port = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString).Port;
        var instance = (await ReadJsonAsync(await app.Admin.PostAsync($"{workspace}/instances",
            Json(new { name = "pg", db_type = "postgresql", host = "127.0.0.1", port, credential_id = credential }))))["id"]!.GetValue<string>();
        await AssertProblemAsync(await app.Admin.GetAsync($"{workspace}/instances/{instance}/privilege-holders?object={Database}.sales.cards&privilege=SELECT"),
            HttpStatusCode.Conflict, "SNAPSHOT_MISSING");
        var run = await ReadJsonAsync(await app.Admin.PostAsync($"{workspace}/instances/{instance}/actions/sync-accounts?wait=60", null));
        Assert.Equal("completed", run["status"]!.GetValue<string>());

        var checks = await CatalogAnswersAsync();
        var wrong = new List<string>();
        foreach (var (name, privilege, holders, grantors) in checks)
        {
            var answer = await ReadJsonAsync(await app.Admin.GetAsync(
                $"{workspace}/instances/{instance}/privilege-holders?object={Uri.EscapeDataString(name)}&privilege={Uri.EscapeDataString(privilege.ToLowerInvariant())}"));
            var ours = answer["holders"]!.AsArray().Where(h => Ours(h!)).ToList();
            var named = ours.Select(h => Short(h!["account"]!)).Order(StringComparer.Ordinal).ToList();
            var granting = ours.Where(h => h!["grantable"]!.GetValue<bool>()).Select(h => Short(h!["account"]!)).Order(StringComparer.Ordinal).ToList();
            if (!named.SequenceEqual(holders)) wrong.Add($"{privilege} on {name}: Symphony [{string.Join(", ", named)}], PostgreSQL [{string.Join(", ", holders)}]");
            // An owner's own privileges on its database and schemas are not kept with their grant option (see the docs).
            if (!granting.SequenceEqual(grantors) && !name.Equals(Database, StringComparison.Ordinal) && !name.EndsWith(".sales", StringComparison.Ordinal)
                && !name.EndsWith(".public", StringComparison.Ordinal)) wrong.Add($"{privilege} WITH GRANT OPTION on {name}: Symphony [{string.Join(", ", granting)}], PostgreSQL [{string.Join(", ", grantors)}]");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        // The seeding above must have left each kind of path in the answers, or the comparison proves little.
        Assert.Contains(checks, c => c.Holders.Contains("alice") && c.Name.EndsWith("refund(integer)", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.Grantors.Contains("dave"));
        Assert.Contains(checks, c => c.Holders.Contains("erin") && c.Name.EndsWith(".note", StringComparison.Ordinal) && c.Privilege == "UPDATE");
        Assert.Contains(checks, c => c.Holders.Contains("nobody") && c.Name.EndsWith("totals", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.Holders.Contains("frank") && c.Name.EndsWith("cards", StringComparison.Ordinal));
        Assert.DoesNotContain(checks, c => c.Holders.Contains("bob") && c.Name.Contains(".invoices", StringComparison.Ordinal));
        // PUBLIC on the database and its schemas: CONNECT for everyone, TEMPORARY taken from PUBLIC and given to erin.
        Assert.Contains(checks, c => c.Name == Database && c.Privilege == "CONNECT" && c.Holders.Contains("dave"));
        Assert.Contains(checks, c => c.Name == Database && c.Privilege == "TEMPORARY" && c.Holders.Contains("erin") && !c.Holders.Contains("dave"));
        Assert.Contains(checks, c => c.Name == $"{Database}.sales" && c.Privilege == "USAGE" && c.Holders.Contains("dave"));

        // The rule language asks the same question: has_object_privilege with "effective" matches exactly the accounts
        // PostgreSQL says can, with "grant_option" those that may grant it on, and without "effective" those that
        // hold it themselves; in a preview, and in a classification pass.
        var readersClass = (await ReadJsonAsync(await app.Admin.PostAsync($"{workspace}/classifications",
            Json(new { code = "readers", name = "Readers", risk_level = 5 }))))["id"]!.GetValue<string>();
        async Task<List<string>> PreviewAsync(object expr)
        {
            var preview = await ReadJsonAsync(await app.Admin.PostAsync($"{workspace}/classifications/{readersClass}/rules/actions/preview",
                Json(new { db_type = "postgresql", rule = new { version = 1, expr } })));
            return [.. preview["accounts"]!.AsArray().Select(a => a!["name"]!).Where(n => Ours(new JsonObject { ["account"] = n.GetValue<string>() }))
                .Select(Short).Order(StringComparer.Ordinal)];
        }
        foreach (var (name, privilege, holders, grantors) in checks.Where(c => c.Holders.Count > 0).DistinctBy(c => c.Name).Take(8))
        {
            Assert.Equal(holders, await PreviewAsync(new { has_object_privilege = new { name = privilege, @object = name, effective = true } }));
            Assert.Equal(grantors, await PreviewAsync(new { has_object_privilege = new { name = privilege, @object = name, effective = true, grant_option = true } }));
            var direct = (await ReadJsonAsync(await app.Admin.GetAsync(
                    $"{workspace}/instances/{instance}/privilege-holders?object={Uri.EscapeDataString(name)}&privilege={Uri.EscapeDataString(privilege)}")))["holders"]!
                .AsArray().Where(h => Ours(h!) && h!["through"]!.AsArray().Any(p => p!.AsArray().Count == 0)).Select(h => Short(h!["account"]!)).Order(StringComparer.Ordinal);
            Assert.Equal(direct, await PreviewAsync(new { has_object_privilege = new { name = privilege, @object = name } }));
        }
        var cards = checks.Single(c => c.Name.EndsWith(".sales.cards", StringComparison.Ordinal) && c.Privilege == "SELECT");
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync($"{workspace}/classifications/{readersClass}/rules", Json(new
        {
            db_type = "postgresql", rule = new { version = 1, expr = new { has_object_privilege = new { name = "SELECT", @object = cards.Name, effective = true } } },
        }))).StatusCode);
        Assert.Equal("completed", (await ReadJsonAsync(await app.Admin.PostAsync($"{workspace}/instances/{instance}/actions/auto-classify?wait=60", null)))["status"]!.GetValue<string>());
        var classified = (await ReadJsonAsync(await app.Admin.GetAsync($"{workspace}/classifications/{readersClass}/accounts?limit=200")))["items"]!.AsArray()
            .Select(a => a!["account"]!["name"]!).Where(n => Ours(new JsonObject { ["account"] = n.GetValue<string>() })).Select(Short).Order(StringComparer.Ordinal);
        Assert.Equal(cards.Holders, classified);

        // The paths: alice through app_write then app_read; carol through the owner; nobody through PUBLIC.
        var invoices = await ReadJsonAsync(await app.Admin.GetAsync($"{workspace}/instances/{instance}/privilege-holders?object={Database}.sales.invoices&privilege=SELECT"));
        JsonNode Holder(string role) => invoices["holders"]!.AsArray().Single(h => h!["account"]!.GetValue<string>() == Role(role))!;
        Assert.Equal([Role("app_write"), Role("app_read")], Holder("alice")["through"]!.AsArray().Single()!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal([Role("owner")], Holder("carol")["through"]!.AsArray().Single()!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["SUPERUSER"], Holder("root")["through"]!.AsArray().Single()!.AsArray().Select(r => r!.GetValue<string>()));
        var totals = await ReadJsonAsync(await app.Admin.GetAsync($"{workspace}/instances/{instance}/privilege-holders?object={Database}.sales.totals&privilege=SELECT"));
        Assert.Contains(totals["holders"]!.AsArray(), h => h!["account"]!.GetValue<string>() == Role("nobody")
            && h["through"]!.AsArray().Single()!.AsArray().Single()!.GetValue<string>() == "PUBLIC");

        // An account's page: its effective privileges with the path, and bob's role reached only by SET ROLE.
        var accounts = (await ReadJsonAsync(await app.Admin.GetAsync($"{workspace}/accounts?search={_p}_&limit=200")))["items"]!.AsArray();
        string Id(string role) => accounts.Single(a => a!["name"]!.GetValue<string>() == Role(role))!["id"]!.GetValue<string>();
        // Sign-in states: a NOLOGIN role, a password whose validity ended, a login.
        string State(string role) => accounts.Single(a => a!["name"]!.GetValue<string>() == Role(role))!["sign_in_state"]!.GetValue<string>();
        Assert.Equal(("role", "validity_ended", "can_sign_in"), (State("owner"), State("nobody"), State("alice")));
        var alice = await ReadJsonAsync(await app.Admin.GetAsync($"{workspace}/accounts/{Id("alice")}"));
        Assert.Contains(alice["effective_privileges"]!.AsArray(), p => p!["object"]!.GetValue<string>() == $"{Database}.sales.refund(integer)"
            && p["privilege"]!.GetValue<string>() == "EXECUTE" && p["kind"]!.GetValue<string>() == "function"
            && p["through"]!.AsArray().Select(r => r!.GetValue<string>()).SequenceEqual([Role("app_write")]));
        var bob = await ReadJsonAsync(await app.Admin.GetAsync($"{workspace}/accounts/{Id("bob")}"));
        Assert.Equal(Role("app_read"), bob["set_role_only"]!.AsArray().Single()!["role"]!.GetValue<string>());
        Assert.DoesNotContain(bob["effective_privileges"]!.AsArray(), p => p!["object"]!.GetValue<string>().StartsWith($"{Database}.sales.invoices", StringComparison.Ordinal));
        var dave = await ReadJsonAsync(await app.Admin.GetAsync($"{workspace}/accounts/{Id("dave")}"));
        Assert.Contains(dave["snapshot"]!["object_grants"]!.AsArray(), g => g!["object"]!.GetValue<string>() == $"{Database}.sales.cards"
            && g["privilege"]!.GetValue<string>() == "SELECT" && g["grantable"]!.GetValue<bool>() && g["grantor"]!.GetValue<string>() == Role("owner"));

        // The members of each role, as pg_has_role answers: MEMBER (directly or through roles) and USAGE (its
        // privileges without SET ROLE); superusers, which pg_has_role lets into every role, are not members.
        foreach (var role in new[] { "owner", "app_read", "app_write" })
        {
            var answer = await ReadJsonAsync(await app.Admin.GetAsync($"{workspace}/accounts/{Id(role)}/members"));
            var members = answer["members"]!.AsArray().Where(m => Ours(m!)).ToList();
            var catalog = await MembersInCatalogAsync(Role(role));
            Assert.Equal(catalog.Member, members.Select(m => Short(m!["account"]!)).Order(StringComparer.Ordinal));
            Assert.Equal(catalog.Usage, members.Where(m => m!["inherits"]!.GetValue<bool>()).Select(m => Short(m!["account"]!)).Order(StringComparer.Ordinal));
        }
        var readers = await ReadJsonAsync(await app.Admin.GetAsync($"{workspace}/accounts/{Id("app_read")}/members"));
        Assert.Equal([Role("app_write"), Role("app_read")], readers["members"]!.AsArray().Single(m => m!["account"]!.GetValue<string>() == Role("alice"))!["through"]!
            .AsArray().Select(r => r!.GetValue<string>()));

        // An account stored before each object was collected: the next sync fills the objects in, and logs no change.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            var stored = await db.Accounts.SingleAsync(a => a.Name == Role("dave"));
            var old = JsonNode.Parse(stored.Snapshot)!.AsObject();
            old.Remove("object_grants");
            (stored.Snapshot, stored.SnapshotHash) = (old.ToJsonString(), "before objects were collected");
            await db.SaveChangesAsync();
        }
        var since = DateTime.UtcNow;
        Assert.Equal("completed", (await ReadJsonAsync(await app.Admin.PostAsync($"{workspace}/instances/{instance}/actions/sync-accounts?wait=60", null)))["status"]!.GetValue<string>());
        Assert.Equal(0, (await ReadJsonAsync(await app.Admin.GetAsync($"{workspace}/accounts/{Id("dave")}/changes?since={since:O}")))["total"]!.GetValue<int>());
        Assert.NotEmpty((await ReadJsonAsync(await app.Admin.GetAsync($"{workspace}/accounts/{Id("dave")}")))["snapshot"]!["object_grants"]!.AsArray());

        await AssertProblemAsync(await app.Admin.GetAsync($"{workspace}/instances/{instance}/privilege-holders?privilege=SELECT"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await app.Admin.GetAsync($"{workspace}/instances/{instance}/privilege-holders?object=x"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    private bool Ours(JsonNode holder) => holder["account"]!.GetValue<string>().StartsWith(_p + "_", StringComparison.Ordinal)
        && !holder["account"]!.GetValue<string>().EndsWith("_collector", StringComparison.Ordinal);

    private string Short(JsonNode account) => account.GetValue<string>()[(_p.Length + 1)..];

    private async Task<(List<string> Member, List<string> Usage)> MembersInCatalogAsync(string role)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT rolname, pg_has_role(oid, '{role}', 'USAGE') FROM pg_roles
            WHERE rolname LIKE '{_p}\_%' AND rolname NOT IN ('{role}', '{Role("collector")}') AND NOT rolsuper AND pg_has_role(oid, '{role}', 'MEMBER')
            ORDER BY rolname COLLATE "C"
            """, connection);
        var (member, usage) = (new List<string>(), new List<string>());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            member.Add(reader.GetString(0)[(_p.Length + 1)..]);
            if (reader.GetBoolean(1)) usage.Add(reader.GetString(0)[(_p.Length + 1)..]);
        }
        return (member, usage);
    }

    private sealed record Check(string Name, string Privilege, List<string> Holders, List<string> Grantors);

    /// <summary>Every object and column of the database with every privilege of its kind, and the test's roles PostgreSQL says hold it.</summary>
    private async Task<List<Check>> CatalogAnswersAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString) { Database = Database };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            WITH roles AS (SELECT oid, rolname FROM pg_roles WHERE rolname LIKE '{_p}\_%' AND rolname <> '{Role("collector")}'),
            objects AS (
                SELECT c.oid, n.nspname || '.' || c.relname AS name, p.privilege, 'table' AS kind, NULL::name AS col
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p(privilege)
                WHERE n.nspname = 'sales' AND c.relkind IN ('r', 'v')
                UNION ALL
                SELECT c.oid, n.nspname || '.' || c.relname, p.privilege, 'sequence', NULL
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace CROSS JOIN unnest(ARRAY['USAGE', 'SELECT', 'UPDATE']) p(privilege)
                WHERE n.nspname = 'sales' AND c.relkind = 'S'
                UNION ALL
                SELECT f.oid, n.nspname || '.' || f.proname || '(' || pg_get_function_identity_arguments(f.oid) || ')', 'EXECUTE', 'function', NULL
                FROM pg_proc f JOIN pg_namespace n ON n.oid = f.pronamespace WHERE n.nspname = 'sales'
                UNION ALL
                SELECT c.oid, n.nspname || '.' || c.relname || '.' || a.attname, p.privilege, 'column', a.attname
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']) p(privilege)
                WHERE n.nspname = 'sales' AND c.relkind = 'r'
                UNION ALL
                SELECT d.oid, '', p.privilege, 'database', NULL
                FROM pg_database d CROSS JOIN unnest(ARRAY['CONNECT', 'TEMPORARY', 'CREATE']) p(privilege) WHERE d.datname = current_database()
                UNION ALL
                SELECT n.oid, n.nspname, p.privilege, 'schema', NULL
                FROM pg_namespace n CROSS JOIN unnest(ARRAY['USAGE', 'CREATE']) p(privilege) WHERE n.nspname IN ('sales', 'public')
            )
            SELECT o.name, o.privilege, r.rolname,
                   CASE o.kind WHEN 'table' THEN has_table_privilege(r.oid, o.oid, o.privilege)
                               WHEN 'database' THEN has_database_privilege(r.oid, o.oid, o.privilege)
                               WHEN 'schema' THEN has_schema_privilege(r.oid, o.oid, o.privilege)
                               WHEN 'sequence' THEN has_sequence_privilege(r.oid, o.oid, o.privilege)
                               WHEN 'function' THEN has_function_privilege(r.oid, o.oid, o.privilege)
                               ELSE has_column_privilege(r.oid, o.oid, o.col, o.privilege) END,
                   CASE o.kind WHEN 'table' THEN has_table_privilege(r.oid, o.oid, o.privilege || ' WITH GRANT OPTION')
                               WHEN 'database' THEN has_database_privilege(r.oid, o.oid, o.privilege || ' WITH GRANT OPTION')
                               WHEN 'schema' THEN has_schema_privilege(r.oid, o.oid, o.privilege || ' WITH GRANT OPTION')
                               WHEN 'sequence' THEN has_sequence_privilege(r.oid, o.oid, o.privilege || ' WITH GRANT OPTION')
                               WHEN 'function' THEN has_function_privilege(r.oid, o.oid, o.privilege || ' WITH GRANT OPTION')
                               ELSE has_column_privilege(r.oid, o.oid, o.col, o.privilege || ' WITH GRANT OPTION') END
            FROM objects o CROSS JOIN roles r
            """, connection);
        var checks = new Dictionary<(string, string), Check>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var key = (reader.GetString(0).Length == 0 ? Database : $"{Database}.{reader.GetString(0)}", reader.GetString(1));
            if (!checks.TryGetValue(key, out var check)) checks[key] = check = new Check(key.Item1, key.Item2, [], []);
            var role = reader.GetString(2)[(_p.Length + 1)..];
            if (reader.GetBoolean(3)) check.Holders.Add(role);
            if (reader.GetBoolean(4)) check.Grantors.Add(role);
        }
        foreach (var check in checks.Values)
        {
            check.Holders.Sort(StringComparer.Ordinal);
            check.Grantors.Sort(StringComparer.Ordinal);
        }
        return checks.Values.ToList();
    }
}
