using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>
/// Classification against the real PostgreSQL of the test command: roles with known attributes and grants, three
/// rules, a sync (which classifies), and the assignments compared with the expected sets; then grants change,
/// a resync runs, and exactly the changed accounts move.
/// </summary>
public abstract class ClassificationTruthTests(SymphonyApp app) : IAsyncLifetime
{
    private readonly string _p = "c" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _password = "Class-" + Guid.NewGuid().ToString("N")[..10];
    private string Database => _p + "_shop";
    private string Role(string name) => $"{_p}_{name}";
    private string _workspace = "";
    private static readonly string[] Roles = ["root", "dataops", "halfdata", "nologin", "expired", "reader", "writer"];

    public async Task InitializeAsync()
    {
        await TestPostgres.CreatePasswordRoleAsync(Role("collector"), _password);
        await TestPostgres.ExecuteAsync($"""
            CREATE ROLE {Role("root")} LOGIN SUPERUSER;
            CREATE ROLE {Role("dataops")} LOGIN IN ROLE pg_read_all_data, pg_write_all_data;
            CREATE ROLE {Role("halfdata")} LOGIN IN ROLE pg_read_all_data;
            CREATE ROLE {Role("nologin")} NOLOGIN;
            CREATE ROLE {Role("expired")} LOGIN VALID UNTIL '2001-01-01';
            CREATE ROLE {Role("reader")} LOGIN;
            CREATE ROLE {Role("writer")} LOGIN;
            """);
        await TestPostgres.ExecuteAsync($"CREATE DATABASE {Database}");
        await TestPostgres.ExecuteAsync($"""
            CREATE SCHEMA s1; CREATE TABLE s1.orders (id int);
            GRANT USAGE ON SCHEMA s1 TO {Role("reader")}, {Role("writer")};
            GRANT SELECT ON s1.orders TO {Role("reader")};
            GRANT INSERT ON s1.orders TO {Role("writer")};
            """, Database);
        _workspace = $"/api/v1/workspaces/{_p}";
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug = _p, name = "Truth" }))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await TestPostgres.ExecuteAsync($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
        await TestPostgres.ExecuteAsync(string.Join(";", Roles.Append("collector").Select(r => $"DROP ROLE IF EXISTS {Role(r)}")));
    }

    private async Task<JsonNode> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == status, await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    private async Task<string> ClassificationAsync(string code, int risk, object rule)
    {
        var id = (await OkAsync(await app.Admin.PostAsync($"{_workspace}/classifications", Json(new { code, name = code, risk_level = risk })), HttpStatusCode.Created))["id"]!
            .GetValue<string>();
        await OkAsync(await app.Admin.PostAsync($"{_workspace}/classifications/{id}/rules", Json(new { db_type = "postgresql", rule })), HttpStatusCode.Created);
        return id;
    }

    /// <summary>The test's roles in the classification (the server's other roles are left out).</summary>
    private async Task<List<string>> MembersAsync(string classification) =>
        (await OkAsync(await app.Admin.GetAsync($"{_workspace}/classifications/{classification}/accounts?limit=200")))["items"]!.AsArray()
            .Select(a => a!["account"]!["name"]!.GetValue<string>()).Where(n => n.StartsWith(_p + "_", StringComparison.Ordinal))
            .Select(n => n[(_p.Length + 1)..]).Order(StringComparer.Ordinal).ToList();

    private async Task SyncAsync(string instance)
    {
        var run = await OkAsync(await app.Admin.PostAsync($"{_workspace}/instances/{instance}/actions/sync-accounts?wait=60", null));
        var item = (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/runs/{run["id"]}/items")))["items"]![0]!;
        Assert.True(run["status"]!.GetValue<string>() == "completed", item.ToJsonString());
        Assert.Equal(3, item["result"]!["classified"]!["rules"]!.GetValue<int>());
        Assert.Empty(item["result"]!["classified"]!["rule_errors"]!.AsArray());
    }

    [Fact]
    public async Task Auto_classify_puts_exactly_the_expected_accounts_in_each_class_and_a_resync_moves_exactly_the_changed_ones()
    {
        var superuserEquivalent = await ClassificationAsync("superuser-equivalent", 6, new
        {
            version = 1,
            expr = new { or = new object[] { new { is_superuser = new { } }, new { and = new object[] { new { has_role = new { name = "pg_read_all_data" } }, new { has_role = new { name = "pg_write_all_data" } } } } } },
        });
        var locked = await ClassificationAsync("locked", 2, new { version = 1, expr = new { is_locked = new { } } });
        var readsS1 = await ClassificationAsync("reads-s1", 4, new
        {
            version = 1, expr = new { has_privilege = new { name = "SELECT", scope = "table", database = Database, schema = "s1" } },
        });

        var vault = (await ReadJsonAsync(await app.Admin.PostAsync($"{_workspace}/vaults", Json(new { name = "collectors" }))))["id"]!;
        var credential = (await ReadJsonAsync(await app.Admin.PostAsync($"{_workspace}/vaults/{vault}/credentials",
            Json(new { name = "collector", username = Role("collector"), secret = _password }))))["id"]!;
        var port = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString).Port;
        var instance = (await OkAsync(await app.Admin.PostAsync($"{_workspace}/instances",
            Json(new { name = "pg", db_type = "postgresql", host = "127.0.0.1", port, credential_id = credential })), HttpStatusCode.Created))["id"]!.GetValue<string>();

        await SyncAsync(instance);
        Assert.Equal(["dataops", "root"], await MembersAsync(superuserEquivalent));
        Assert.Equal(["expired", "nologin"], await MembersAsync(locked));
        Assert.Equal(["reader"], await MembersAsync(readsS1));

        var since = DateTime.UtcNow;
        await TestPostgres.ExecuteAsync($"REVOKE pg_write_all_data FROM {Role("dataops")}; ALTER ROLE {Role("nologin")} LOGIN; DROP ROLE {Role("expired")};");
        await TestPostgres.ExecuteAsync($"GRANT SELECT ON s1.orders TO {Role("writer")}", Database);
        await SyncAsync(instance);

        Assert.Equal(["root"], await MembersAsync(superuserEquivalent));
        Assert.Empty(await MembersAsync(locked));
        Assert.Equal(["reader", "writer"], await MembersAsync(readsS1));
        var moves = (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/account-changes?kind=classified&since={since:O}&limit=200")))["items"]!.AsArray()
            .Where(c => c!["account_name"]!.GetValue<string>().StartsWith(_p + "_", StringComparison.Ordinal))
            .ToDictionary(c => c!["account_name"]!.GetValue<string>()[(_p.Length + 1)..], c => c!["diff"]!);
        Assert.Equal(["dataops", "expired", "nologin", "writer"], moves.Keys.Order(StringComparer.Ordinal));
        // Gone from the server: out of every classification, and its history says so.
        Assert.Equal(["classification:locked (rule v1)"], moves["expired"]["removed"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(["classification:superuser-equivalent (rule v1)"], moves["dataops"]["removed"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(["classification:locked (rule v1)"], moves["nologin"]["removed"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(["classification:reads-s1 (rule v1)"], moves["writer"]["added"]!.AsArray().Select(l => l!.GetValue<string>()));

        // The statistics count what the lists hold: per classification, by highest risk, per instance.
        var statistics = await OkAsync(await app.Admin.GetAsync($"{_workspace}/classifications/statistics"));
        foreach (var entry in statistics["by_classification"]!.AsArray())
        {
            var listed = await OkAsync(await app.Admin.GetAsync($"{_workspace}/classifications/{entry!["classification_id"]}/accounts?limit=1"));
            Assert.Equal(listed["total"]!.GetValue<int>(), entry["accounts"]!.GetValue<int>());
        }
        var all = (await OkAsync(await app.Admin.GetAsync($"{_workspace}/accounts?limit=1")))["total"]!.GetValue<int>();
        Assert.Equal(all, statistics["accounts"]!.GetValue<int>());
        Assert.Equal(all, statistics["by_risk_level"]!.AsArray().Sum(r => r!["accounts"]!.GetValue<int>()));
        Assert.Equal(all, statistics["by_instance"]!.AsArray().Single()!["accounts"]!.GetValue<int>());
        Assert.Equal(6, statistics["by_instance"]!.AsArray().Single()!["highest_risk"]!.GetValue<int>());
        var today = (await OkAsync(await app.Admin.GetAsync($"{_workspace}/account-changes/statistics?days=1"))).AsArray()
            .Where(d => d!["kind"]!.GetValue<string>() == "classified").Sum(d => d!["changes"]!.GetValue<int>());
        var classifiedToday = (await OkAsync(await app.Admin.GetAsync($"{_workspace}/account-changes?kind=classified&limit=1")))["total"]!.GetValue<int>();
        Assert.Equal(classifiedToday, today);
        await AssertProblemAsync(await app.Admin.GetAsync($"{_workspace}/account-changes/statistics?days=0"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        // The feed narrowed to the riskiest accounts (risk 6: the superuser-equivalent ones, this test's root and the
        // server's other superusers), to a time range, and its CSV export holding the same changes.
        var riskiest = (await OkAsync(await app.Admin.GetAsync($"{_workspace}/classifications/{superuserEquivalent}/accounts?limit=200")))["items"]!.AsArray()
            .Select(a => a!["account"]!["name"]!.GetValue<string>()).ToHashSet();
        var risky = (await OkAsync(await app.Admin.GetAsync($"{_workspace}/account-changes?min_risk=6&limit=200")))["items"]!.AsArray();
        Assert.Contains(risky, c => c!["account_name"]!.GetValue<string>() == Role("root"));
        Assert.All(risky, c => Assert.Contains(c!["account_name"]!.GetValue<string>(), riskiest));
        Assert.DoesNotContain(risky, c => c!["account_name"]!.GetValue<string>() == Role("dataops"));
        var beforeResync = await OkAsync(await app.Admin.GetAsync($"{_workspace}/account-changes?until={since:O}&limit=1"));
        var afterResync = await OkAsync(await app.Admin.GetAsync($"{_workspace}/account-changes?since={since:O}&limit=1"));
        var everything = (await OkAsync(await app.Admin.GetAsync($"{_workspace}/account-changes?limit=1")))["total"]!.GetValue<int>();
        Assert.Equal(everything, beforeResync["total"]!.GetValue<int>() + afterResync["total"]!.GetValue<int>());
        var csv = await app.Admin.GetAsync($"{_workspace}/account-changes/actions/export?min_risk=6");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var rows = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("occurred_at,instance_id,account,kind,in_words,added,removed,run_id", rows[0]);
        Assert.Equal(risky.Count, rows.Length - 1);
        Assert.Contains(rows, row => row.Contains($",{Role("root")},", StringComparison.Ordinal));
        await AssertProblemAsync(await app.Admin.GetAsync($"{_workspace}/account-changes?min_risk=9"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await app.Admin.GetAsync($"{_workspace}/account-changes/actions/export?page=2"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        // The ledger narrowed the same way and sorted by sign-in state, and its CSV: the same accounts in the same
        // order, each with its instance and classifications.
        var ledger = (await OkAsync(await app.Admin.GetAsync($"{_workspace}/accounts?min_risk=6&sort=sign_in_state&order=desc&limit=200")))["items"]!.AsArray();
        var ledgerNames = ledger.Select(a => a!["name"]!.GetValue<string>()).ToList();
        Assert.Contains(Role("root"), ledgerNames);
        Assert.All(ledgerNames, name => Assert.Contains(name, riskiest));
        var states = ledger.Select(a => a!["sign_in_state"]!.GetValue<string>()).ToList();
        Assert.Equal(states.OrderDescending(StringComparer.Ordinal), states);
        var ledgerCsv = await app.Admin.GetAsync($"{_workspace}/accounts/actions/export?min_risk=6&sort=sign_in_state&order=desc");
        Assert.Equal("text/csv", ledgerCsv.Content.Headers.ContentType?.MediaType);
        var ledgerRows = Symphony.Application.Common.Csv.Parse(await ledgerCsv.Content.ReadAsStringAsync()).Select(r => r.Fields).ToList();
        Assert.Equal(["instance", "db_type", "account", "sign_in_state", "superuser", "password_expires_at", "classifications", "highest_risk",
            "first_seen_at", "last_changed_at", "in_ledger", "instance_id", "account_id"], ledgerRows[0]);
        Assert.Equal(ledgerNames, ledgerRows.Skip(1).Select(r => r[2]));
        Assert.All(ledgerRows.Skip(1), r => Assert.Equal("6", r[7]));
        // The dashboard's "since yesterday": the changes by kind and the new accounts of high risk, each the total of
        // the list its link opens.
        var dashboard = await OkAsync(await app.Admin.GetAsync($"{_workspace}/dashboard"));
        var yesterday = dashboard["accounts_since"]!.GetValue<DateTime>().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var newRisky = (await OkAsync(await app.Admin.GetAsync($"{_workspace}/accounts?min_risk=5&first_seen_since={yesterday}")))["total"]!.GetValue<int>();
        Assert.True(newRisky > 0);
        Assert.Equal(newRisky, dashboard["new_high_risk_account_count"]!.GetValue<int>());
        Assert.Contains(dashboard["new_high_risk_accounts"]!.AsArray(), a => a!["name"]!.GetValue<string>() == Role("root") && a["risk"]!.GetValue<int>() == 6);
        foreach (var kind in dashboard["account_changes_by_kind"]!.AsArray())
        {
            var key = kind!["key"]!.GetValue<string>();
            Assert.Equal((await OkAsync(await app.Admin.GetAsync($"{_workspace}/account-changes?since={yesterday}&kind={key}&limit=1")))["total"]!.GetValue<int>(),
                kind["count"]!.GetValue<int>());
        }
        Assert.Contains(dashboard["account_changes_by_kind"]!.AsArray(), k => k!["key"]!.GetValue<string>() == "created");

        // Only the accounts that cannot sign in because they are roles; a state that does not exist is refused.
        var roles = (await OkAsync(await app.Admin.GetAsync($"{_workspace}/accounts?sign_in_state=role&limit=200")))["items"]!.AsArray();
        Assert.NotEmpty(roles);
        Assert.All(roles, a => Assert.Equal("role", a!["sign_in_state"]!.GetValue<string>()));
        await AssertProblemAsync(await app.Admin.GetAsync($"{_workspace}/accounts?sign_in_state=sleeping"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await app.Admin.GetAsync($"{_workspace}/accounts/actions/export?limit=5"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        // An account's own view: its classifications with the rule version that put it there.
        var writer = (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/accounts?search={Role("writer")}")))["items"]![0]!["id"]!.GetValue<string>();
        var classes = (await OkAsync(await app.Admin.GetAsync($"{_workspace}/accounts/{writer}/classifications"))).AsArray();
        Assert.Equal(("reads-s1", 4, 1), (classes.Single()!["code"]!.GetValue<string>(), classes.Single()!["risk_level"]!.GetValue<int>(), classes.Single()!["rule_version"]!.GetValue<int>()));
    }
}

[Collection(SqliteLedgerServer.Name)]
public sealed class SqliteClassificationTruthTests(SqliteApp app) : ClassificationTruthTests(app);

[Collection(PostgresLedgerServer.Name)]
public sealed class PostgresClassificationTruthTests(PostgresApp app) : ClassificationTruthTests(app);
