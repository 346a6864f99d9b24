using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Common;
using Symphony.Domain.Fleet;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>The fleet's instances through the API: rules, filters, soft delete and restore, CSV export and import.</summary>
public abstract class InstanceTests(SymphonyApp app)
{
    private async Task<string> WorkspaceAsync()
    {
        var slug = "f-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Fleet" }))).StatusCode);
        return $"/api/v1/workspaces/{slug}";
    }

    private async Task<JsonNode> CreateAsync(string workspace, object body)
    {
        var response = await app.Admin.PostAsync($"{workspace}/instances", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    private async Task<List<string>> NamesAsync(string url) =>
        (await ReadJsonAsync(await app.Admin.GetAsync(url)))["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ToList();

    private static StringContent CsvContent(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task An_instance_gets_its_engines_default_port_and_an_unknown_health_until_it_is_reached()
    {
        var workspace = await WorkspaceAsync();
        var mysql = await CreateAsync(workspace, new { name = "orders", db_type = "mysql", host = "10.1.2.3" });
        Assert.Equal(3306, mysql["port"]!.GetValue<int>());
        Assert.Equal("unknown", mysql["health"]!.GetValue<string>());
        Assert.Equal("unknown", mysql["last_connection_state"]!.GetValue<string>());

        await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/instances", Json(new { name = "orders", db_type = "postgresql", host = "h" })),
            HttpStatusCode.Conflict, "NAME_EXISTS");
        var bad = await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/instances",
            Json(new { name = "x", db_type = "db2", host = "not a host", port = 70000, environment = "prod" })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var fields = bad["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToList();
        Assert.Equal(["db_type", "environment", "host", "port"], fields.Order(StringComparer.Ordinal));
        await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/instances",
            Json(new { name = "y", db_type = "postgresql", host = "h", credential_id = Guid.NewGuid() })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Lists_filter_by_search_type_environment_and_health()
    {
        var workspace = await WorkspaceAsync();
        var good = await CreateAsync(workspace, new { name = "pg-good", db_type = "postgresql", host = "a.internal", environment = "production" });
        var stale = await CreateAsync(workspace, new { name = "pg-stale", db_type = "postgresql", host = "b.internal", environment = "staging" });
        var poor = await CreateAsync(workspace, new { name = "sql-poor", db_type = "sqlserver", host = "c.internal", description = "billing" });
        await CreateAsync(workspace, new { name = "ora-new", db_type = "oracle", host = "d.internal" });
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            async Task Connect(JsonNode instance, ConnectionState state, TimeSpan ago)
            {
                var row = await db.Instances.SingleAsync(i => i.Id == Guid.Parse(instance["id"]!.GetValue<string>()));
                (row.LastConnectionState, row.LastCheckedAt) = (state, DateTime.UtcNow - ago);
                if (state == ConnectionState.Ok) row.LastConnectedAt = DateTime.UtcNow - ago;
            }
            await Connect(good, ConnectionState.Ok, TimeSpan.FromMinutes(5));
            await Connect(stale, ConnectionState.Ok, TimeSpan.FromDays(3));
            await Connect(poor, ConnectionState.Failed, TimeSpan.FromMinutes(1));
            await db.SaveChangesAsync();
        }
        var list = $"{workspace}/instances";
        Assert.Equal(["pg-good"], await NamesAsync($"{list}?status=good"));
        Assert.Equal(["pg-stale"], await NamesAsync($"{list}?status=warning"));
        Assert.Equal(["sql-poor"], await NamesAsync($"{list}?status=poor"));
        Assert.Equal(["ora-new"], await NamesAsync($"{list}?status=unknown"));
        Assert.Equal(["pg-good", "pg-stale"], await NamesAsync($"{list}?db_type=postgresql"));
        Assert.Equal(["pg-stale"], await NamesAsync($"{list}?environment=staging"));
        Assert.Equal(["sql-poor"], await NamesAsync($"{list}?search=BILL"));
        Assert.Equal(["sql-poor", "pg-stale", "pg-good", "ora-new"], await NamesAsync($"{list}?sort=name&order=desc"));
        Assert.Equal("good", (await ReadJsonAsync(await app.Admin.GetAsync($"{list}/{good["id"]}")))["health"]!.GetValue<string>());
        await AssertProblemAsync(await app.Admin.GetAsync($"{list}?status=fine"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task A_deleted_instance_leaves_the_list_and_comes_back_on_restore_unless_its_name_was_taken()
    {
        var workspace = await WorkspaceAsync();
        var first = await CreateAsync(workspace, new { name = "reports", db_type = "postgresql", host = "r1" });
        var id = first["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin.DeleteAsync($"{workspace}/instances/{id}")).StatusCode);
        Assert.Empty(await NamesAsync($"{workspace}/instances"));
        Assert.Equal(["reports"], await NamesAsync($"{workspace}/instances?include_deleted=true"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Admin.GetAsync($"{workspace}/instances/{id}")).StatusCode);

        var restored = await ReadJsonAsync(await app.Admin.PostAsync($"{workspace}/instances/{id}/actions/restore", null));
        Assert.True(restored["is_active"]!.GetValue<bool>());
        await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/instances/{id}/actions/restore", null), HttpStatusCode.Conflict, "INVALID_STATE_TRANSITION");

        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin.DeleteAsync($"{workspace}/instances/{id}")).StatusCode);
        await CreateAsync(workspace, new { name = "reports", db_type = "postgresql", host = "r2" });
        await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/instances/{id}/actions/restore", null), HttpStatusCode.Conflict, "NAME_EXISTS");
    }

    [Fact]
    public async Task Export_and_import_carry_a_fleet_to_another_workspace_and_formulas_are_defused()
    {
        var source = await WorkspaceAsync();
        await CreateAsync(source, new
        {
            name = "a-pg", db_type = "postgresql", host = "pg.internal", port = 6432, database_name = "app", environment = "production",
            description = "main, \"primary\"\nsecond line"
        });
        await CreateAsync(source, new { name = "b-my", db_type = "mysql", host = "10.0.0.7", description = "=HYPERLINK(\"http://x\")", tls_mode = "verify_full" });

        var export = await app.Admin.GetAsync($"{source}/instances/actions/export");
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var csv = await export.Content.ReadAsStringAsync();
        Assert.StartsWith("name,db_type,host,port,database_name,environment,description,credential_id,tls_mode\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", csv, StringComparison.Ordinal);

        var target = await WorkspaceAsync();
        var imported = await ReadJsonAsync(await app.Admin.PostAsync($"{target}/instances/actions/import", CsvContent(csv)));
        Assert.Equal((2, 0), (imported["created"]!.GetValue<int>(), imported["failed"]!.GetValue<int>()));
        var copy = (await ReadJsonAsync(await app.Admin.GetAsync($"{target}/instances")))["items"]!.AsArray();
        Assert.Equal("main, \"primary\"\nsecond line", copy[0]!["description"]!.GetValue<string>());
        Assert.Equal((6432, "app", "production"), (copy[0]!["port"]!.GetValue<int>(), copy[0]!["database_name"]!.GetValue<string>(),
            copy[0]!["environment"]!.GetValue<string>()));
        Assert.Equal("'=HYPERLINK(\"http://x\")", copy[1]!["description"]!.GetValue<string>());
        Assert.Equal(["prefer", "verify_full"], copy.Select(i => i!["tls_mode"]!.GetValue<string>()));

        // The export takes the list's filters and sort: what the console's "Export these" gives.
        var production = await (await app.Admin.GetAsync($"{source}/instances/actions/export?environment=production")).Content.ReadAsStringAsync();
        Assert.Contains("a-pg,postgresql", production, StringComparison.Ordinal);
        Assert.DoesNotContain("b-my", production, StringComparison.Ordinal);
        var descending = (await (await app.Admin.GetAsync($"{source}/instances/actions/export?sort=name&order=desc")).Content.ReadAsStringAsync()).Split("\r\n");
        Assert.StartsWith("b-my,", descending[1], StringComparison.Ordinal);
        await AssertProblemAsync(await app.Admin.GetAsync($"{source}/instances/actions/export?page=2"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await app.Admin.GetAsync($"{source}/instances/actions/export?status=sideways"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Only_owners_may_let_an_instance_receive_the_password_itself_and_a_move_by_anyone_else_takes_it_back()
    {
        var workspace = await WorkspaceAsync();
        await app.AddMemberAsync(workspace.Split('/')[^1], app.UserIds[TestRole.Operator], "operator");
        var operatorClient = app.ClientFor(TestRole.Operator);
        await AssertProblemAsync(await operatorClient.PostAsync($"{workspace}/instances",
            Json(new { name = "ldap-pg", db_type = "postgresql", host = "pg.internal", allow_cleartext_password = true })), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        var created = await CreateAsync(workspace, new { name = "ldap-pg", db_type = "postgresql", host = "pg.internal", tls_mode = "require", allow_cleartext_password = true });
        Assert.True(created["allow_cleartext_password"]!.GetValue<bool>());
        Assert.Equal("require", created["tls_mode"]!.GetValue<string>());
        var url = $"{workspace}/instances/{created["id"]}";

        // An operator's rename keeps the owners' allowance; pointing the instance elsewhere drops it.
        var renamed = await ReadJsonAsync(await operatorClient.PatchAsync(url, Json(new { name = "ldap-pg-1", version = 1 })));
        Assert.True(renamed["allow_cleartext_password"]!.GetValue<bool>());
        await AssertProblemAsync(await operatorClient.PatchAsync(url, Json(new { allow_cleartext_password = true, version = 2 })), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        var moved = await ReadJsonAsync(await operatorClient.PatchAsync(url, Json(new { host = "harvester.example.com", version = 2 })));
        Assert.False(moved["allow_cleartext_password"]!.GetValue<bool>());
        var audit = await ReadJsonAsync(await app.Admin.GetAsync($"/api/v1/audit-events?action=instance.updated&target_id={created["id"]}"));
        Assert.Contains(audit["items"]!.AsArray(), e => e!["details"]!.GetValue<string>().Contains("\"allow_cleartext_password\":false", StringComparison.Ordinal));

        var refused = await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/instances",
            Json(new { name = "bad", db_type = "postgresql", host = "pg.internal", tls_mode = "verify_some" })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("tls_mode", refused["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_import_keeps_the_valid_rows_and_reports_each_refused_one_by_line()
    {
        var workspace = await WorkspaceAsync();
        await CreateAsync(workspace, new { name = "exists", db_type = "postgresql", host = "e" });
        const string csv = "name,db_type,host,port,environment\r\n" +
            "good-1,postgresql,g1.internal,5432,production\r\n" +
            "bad-type,db2,h,,\r\n" +
            "bad-port,mysql,h,eighty,\r\n" +
            "exists,postgresql,h,,\r\n" +
            "good-2,oracle,\"g2.internal\",1521,test\r\n" +
            "good-2,postgresql,h,,\r\n" +
            "short,postgresql\r\n";
        // Control characters in free text are refused however the text arrives: here in a CSV cell.
        const string withControl = "name,db_type,host,description\r\nesc,postgresql,h,de\u001b[31msc\r\nnul,postgresql,h,a\u0000b\r\n";
        var response = await app.Admin.PostAsync($"{workspace}/instances/actions/import", CsvContent(csv));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await ReadJsonAsync(response);
        Assert.Equal((2, 5), (result["created"]!.GetValue<int>(), result["failed"]!.GetValue<int>()));
        var errors = result["errors"]!.AsArray().Select(e => (e!["line"]!.GetValue<int>(), e["field"]!.GetValue<string>())).ToList();
        Assert.Contains((3, "db_type"), errors);
        Assert.Contains((4, "port"), errors);
        Assert.Contains((5, "name"), errors);
        Assert.Contains((7, "name"), errors);
        Assert.Contains((8, "csv"), errors);
        var control = await ReadJsonAsync(await app.Admin.PostAsync($"{workspace}/instances/actions/import", CsvContent(withControl)));
        Assert.Equal((0, 2), (control["created"]!.GetValue<int>(), control["failed"]!.GetValue<int>()));
        Assert.All(control["errors"]!.AsArray(), e => Assert.Equal("description", e!["field"]!.GetValue<string>()));
        Assert.Equal(["exists", "good-1", "good-2"], await NamesAsync($"{workspace}/instances"));
    }
}

[Collection(SqliteFleetServer.Name)]
public sealed class SqliteInstanceTests(SqliteApp app) : InstanceTests(app);

[Collection(PostgresFleetServer.Name)]
public sealed class PostgresInstanceTests(PostgresApp app) : InstanceTests(app);
