using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Symphony.Application.Common;
using Symphony.Domain.Capacity;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>
/// Capacity sync and table sizes against the real PostgreSQL of the test command, with a collector that has only
/// LOGIN, the default CONNECT, and (where the test says) pg_read_all_stats; every size is compared with the
/// catalog's own functions called here.
/// </summary>
public abstract class CapacitySyncTests(SymphonyApp app) : IAsyncLifetime
{
    private readonly string _p = "c" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _password = "Cap-" + Guid.NewGuid().ToString("N")[..10];
    private string Open => _p + "_open";
    private string Closed => _p + "_closed";
    private string Collector => _p + "_collector";
    private string _workspace = "";

    public async Task InitializeAsync()
    {
        await TestPostgres.CreatePasswordRoleAsync(Collector, _password);
        await TestPostgres.ExecuteAsync($"CREATE DATABASE {Open}");
        await TestPostgres.ExecuteAsync($"CREATE DATABASE {Closed}");
        await TestPostgres.ExecuteAsync($"REVOKE CONNECT ON DATABASE {Closed} FROM PUBLIC");
        await TestPostgres.ExecuteAsync("""
            CREATE TABLE big (id int PRIMARY KEY, note text);
            INSERT INTO big SELECT g, repeat('x', 200) FROM generate_series(1, 5000) g;
            CREATE TABLE small (id int);
            CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);
            CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
            INSERT INTO events SELECT g, '2026-06-01' FROM generate_series(1, 2000) g;
            ANALYZE big;
            """, Open);
        _workspace = $"/api/v1/workspaces/{_p}";
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug = _p, name = "Capacity" }))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        foreach (var database in new[] { Open, Closed, _p + "_late" })
            await TestPostgres.ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        await TestPostgres.ExecuteAsync($"DROP ROLE IF EXISTS {Collector}");
    }

    private static async Task<long> ScalarAsync(string sql, string? database = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString);
        if (database is not null) builder.Database = database;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private Task<string> InstanceAsync(string name = "pg", string? password = null) =>
        TestInstances.AddAsync(app.Admin, _p, TestTarget.Postgres(Collector, password ?? _password), name);

    private async Task<JsonNode> SyncAsync(string instance)
    {
        var (run, item) = await TestInstances.SyncAsync(app.Admin, _p, instance, "capacity");
        Assert.True(run["status"]!.GetValue<string>() == "completed", item.ToJsonString());
        return item["result"]!;
    }

    private async Task<Dictionary<string, JsonNode>> DatabasesAsync(string instance, bool includeGone = false) =>
        (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/capacity/databases?instance_id={instance}&search={_p}_&include_deleted={(includeGone ? "true" : "false")}")))
            ["items"]!.AsArray().ToDictionary(d => d!["name"]!.GetValue<string>(), d => d!);

    [Fact]
    public async Task A_sync_measures_the_databases_like_the_catalog_and_pg_read_all_stats_measures_the_closed_one()
    {
        var instance = await InstanceAsync();
        // A database may change size by a few pages on its own (autovacuum writing its maps): the size stored is
        // the one the catalog gave during the sync, between the sizes read just before and just after it.
        var openBefore = await ScalarAsync($"SELECT pg_database_size('{Open}')");
        var first = await SyncAsync(instance);
        var openAfter = await ScalarAsync($"SELECT pg_database_size('{Open}')");
        Assert.Contains(Closed, first["unmeasured_databases"]!.AsArray().Select(d => d!.GetValue<string>()));

        var databases = await DatabasesAsync(instance);
        Assert.InRange(databases[Open]["size_bytes"]!.GetValue<long>(), Math.Min(openBefore, openAfter), Math.Max(openBefore, openAfter));
        Assert.Null(databases[Closed]["size_bytes"]);

        await TestPostgres.ExecuteAsync($"GRANT pg_read_all_stats TO {Collector}");
        var closedBefore = await ScalarAsync($"SELECT pg_database_size('{Closed}')");
        var second = await SyncAsync(instance);
        var closedAfter = await ScalarAsync($"SELECT pg_database_size('{Closed}')");
        Assert.DoesNotContain(Closed, second["unmeasured_databases"]!.AsArray().Select(d => d!.GetValue<string>()));
        databases = await DatabasesAsync(instance);
        Assert.InRange(databases[Closed]["size_bytes"]!.GetValue<long>(), Math.Min(closedBefore, closedAfter), Math.Max(closedBefore, closedAfter));

        // The inventory holds every database the sync found (other tests create and drop databases on this server
        // meanwhile, so the server's own count is not compared), and the instance's total is the sum of their sizes.
        var all = new List<JsonNode>();
        for (var page = 1; ; page++)
        {
            var list = await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/capacity/databases?instance_id={instance}&limit=200&page={page}"));
            all.AddRange(list["items"]!.AsArray().Select(d => d!));
            if (page >= list["pages"]!.GetValue<int>()) break;
        }
        Assert.Equal(second["databases"]!.GetValue<int>(), all.Count);
        var totals = await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/capacity/instances/{instance}/sizes"));
        var today = Assert.Single(totals["days"]!.AsArray())!;
        Assert.Equal(second["total_size_bytes"]!.GetValue<long>(), today["total_size_bytes"]!.GetValue<long>());
        Assert.Equal(all.Sum(d => d["size_bytes"]?.GetValue<long>() ?? 0), today["total_size_bytes"]!.GetValue<long>());
        Assert.Equal(all.Count(d => d["size_bytes"] is not null), today["database_count"]!.GetValue<int>());
        var instanceView = await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/instances/{instance}"));
        Assert.NotNull(instanceView["capacity_synced_at"]);
        Assert.Equal("good", instanceView["health"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_second_sync_on_the_same_day_overwrites_the_days_size_and_gone_databases_are_marked_and_come_back()
    {
        var instance = await InstanceAsync();
        await TestPostgres.ExecuteAsync($"CREATE DATABASE {_p}_late");
        await SyncAsync(instance);
        var open = (await DatabasesAsync(instance))[Open];
        await TestPostgres.ExecuteAsync("CREATE TABLE grown AS SELECT g AS id, repeat('y', 500) AS note FROM generate_series(1, 20000) g", Open);
        await TestPostgres.ExecuteAsync($"DROP DATABASE {_p}_late");

        // As above: the day's size is the one measured during the second sync, whichever way the database moved.
        var grownBefore = await ScalarAsync($"SELECT pg_database_size('{Open}')");
        var second = await SyncAsync(instance);
        var grownAfter = await ScalarAsync($"SELECT pg_database_size('{Open}')");
        Assert.True(second["gone"]!.GetValue<int>() >= 1);
        var history = await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/capacity/databases/{open["id"]}/sizes"));
        var day = Assert.Single(history["days"]!.AsArray())!;
        Assert.InRange(day["size_bytes"]!.GetValue<long>(), Math.Min(grownBefore, grownAfter), Math.Max(grownBefore, grownAfter));
        Assert.True(grownBefore > open["size_bytes"]!.GetValue<long>());

        Assert.DoesNotContain(_p + "_late", (await DatabasesAsync(instance)).Keys);
        var gone = (await DatabasesAsync(instance, includeGone: true))[_p + "_late"];
        Assert.NotNull(gone["gone_at"]);

        await TestPostgres.ExecuteAsync($"CREATE DATABASE {_p}_late");
        var third = await SyncAsync(instance);
        Assert.True(third["returned"]!.GetValue<int>() >= 1);
        var back = (await DatabasesAsync(instance))[_p + "_late"];
        Assert.Equal(gone["id"]!.GetValue<string>(), back["id"]!.GetValue<string>());
        Assert.Null(back["gone_at"]);
        Assert.Equal(gone["first_seen_at"]!.GetValue<DateTime>(), back["first_seen_at"]!.GetValue<DateTime>());
    }

    [Fact]
    public async Task Table_sizes_are_missing_until_refreshed_and_then_match_the_catalog_largest_first()
    {
        var instance = await InstanceAsync();
        await SyncAsync(instance);
        var open = (await DatabasesAsync(instance))[Open]["id"]!.GetValue<string>();
        await AssertProblemAsync(await app.Admin.GetAsync($"{_workspace}/capacity/databases/{open}/tables"), HttpStatusCode.Conflict, "SNAPSHOT_MISSING");
        await AssertProblemAsync(await app.ClientFor(TestRole.Viewer).PostAsync($"{_workspace}/capacity/databases/{open}/tables/actions/refresh", null),
            HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");

        var refreshed = await ReadJsonAsync(await app.Admin.PostAsync($"{_workspace}/capacity/databases/{open}/tables/actions/refresh", null));
        Assert.Equal(3, refreshed["total_tables"]!.GetValue<int>());
        var tables = refreshed["tables"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!);
        Assert.Equal(["big", "events", "small"], tables.Keys.Order());
        Assert.Equal("big", refreshed["tables"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(await ScalarAsync("SELECT pg_total_relation_size('big')", Open), tables["big"]["total_bytes"]!.GetValue<long>());
        Assert.Equal(await ScalarAsync("SELECT pg_indexes_size('big')", Open), tables["big"]["index_bytes"]!.GetValue<long>());
        Assert.Equal(5000, tables["big"]["row_estimate"]!.GetValue<long>());
        Assert.Equal("partitioned_table", tables["events"]["kind"]!.GetValue<string>());
        Assert.Equal(await ScalarAsync("SELECT pg_total_relation_size('events_2026')", Open), tables["events"]["total_bytes"]!.GetValue<long>());

        await TestPostgres.ExecuteAsync("DROP TABLE small", Open);
        var again = await ReadJsonAsync(await app.Admin.PostAsync($"{_workspace}/capacity/databases/{open}/tables/actions/refresh", null));
        Assert.Equal(2, again["total_tables"]!.GetValue<int>());
        var stored = await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/capacity/databases/{open}/tables?limit=1"));
        Assert.Equal("big", Assert.Single(stored["tables"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Equal(2, stored["total_tables"]!.GetValue<int>());
        await AssertProblemAsync(await app.Admin.GetAsync($"{_workspace}/capacity/databases/{open}/tables?limit=0"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task A_failed_table_refresh_answers_502_with_the_reason_and_keeps_the_last_collection()
    {
        var instance = await InstanceAsync();
        await SyncAsync(instance);
        var open = (await DatabasesAsync(instance))[Open]["id"]!.GetValue<string>();
        await ReadJsonAsync(await app.Admin.PostAsync($"{_workspace}/capacity/databases/{open}/tables/actions/refresh", null));

        await TestPostgres.ExecuteAsync($"ALTER ROLE {Collector} PASSWORD 'changed-behind-our-back'");
        var problem = await AssertProblemAsync(await app.Admin.PostAsync($"{_workspace}/capacity/databases/{open}/tables/actions/refresh", null),
            HttpStatusCode.BadGateway, "DATABASE_CONNECTION_ERROR");
        Assert.StartsWith("authentication_failed:", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(_password, problem.ToJsonString(), StringComparison.Ordinal);
        var kept = await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/capacity/databases/{open}/tables"));
        Assert.Equal(3, kept["tables"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_instance_with_a_refused_credential_fails_only_its_own_item()
    {
        var healthy = await InstanceAsync();
        var refused = await InstanceAsync("pg-refused", password: "Wrong-Password-1");
        var run = await ReadJsonAsync(await app.Admin.PostAsync($"{_workspace}/instances/actions/sync-capacity?wait=60", null));
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        var items = (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/runs/{run["id"]}/items")))["items"]!.AsArray();
        var completed = Assert.Single(items, i => i!["status"]!.GetValue<string>() == "completed")!;
        Assert.Equal(healthy, completed["result"]!["instance_id"]!.GetValue<string>());
        var failed = Assert.Single(items, i => i!["status"]!.GetValue<string>() == "failed")!;
        Assert.Equal(1, failed["attempt_count"]!.GetValue<int>());
        Assert.StartsWith("DATABASE_CONNECTION_ERROR (authentication_failed)", failed["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("poor", (await ReadJsonAsync(await app.Admin.GetAsync($"{_workspace}/instances/{refused}")))["health"]!.GetValue<string>());
    }

    [Fact]
    public async Task Size_histories_cover_the_days_asked_for_and_refuse_bad_ranges()
    {
        var instance = await InstanceAsync();
        await SyncAsync(instance);
        var open = (await DatabasesAsync(instance))[Open];
        var databaseId = Guid.Parse(open["id"]!.GetValue<string>());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using (var scope = app.Services.CreateScope())
        {
            // Earlier days as earlier syncs would have left them.
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            var database = await db.InstanceDatabases.SingleAsync(d => d.Id == databaseId);
            foreach (var daysAgo in new[] { 1, 2, 40 })
                db.DatabaseSizeStats.Add(new DatabaseSizeStat
                {
                    WorkspaceId = database.WorkspaceId, InstanceId = database.InstanceId, DatabaseId = database.Id, Day = today.AddDays(-daysAgo),
                    SizeBytes = 1000 * daysAgo, CollectedAt = DateTime.UtcNow.AddDays(-daysAgo),
                });
            await db.SaveChangesAsync();
        }

        var sizes = $"{_workspace}/capacity/databases/{databaseId}/sizes";
        var recent = await ReadJsonAsync(await app.Admin.GetAsync(sizes));
        Assert.Equal([today.AddDays(-2), today.AddDays(-1), today], recent["days"]!.AsArray().Select(d => DateOnly.Parse(d!["day"]!.GetValue<string>())));
        var window = await ReadJsonAsync(await app.Admin.GetAsync($"{sizes}?from={today.AddDays(-45):yyyy-MM-dd}&to={today.AddDays(-2):yyyy-MM-dd}"));
        Assert.Equal([40_000L, 2_000L], window["days"]!.AsArray().Select(d => d!["size_bytes"]!.GetValue<long>()));

        await AssertProblemAsync(await app.Admin.GetAsync($"{sizes}?from={today:yyyy-MM-dd}&to={today.AddDays(-1):yyyy-MM-dd}"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await app.Admin.GetAsync($"{sizes}?from=2026-13-01"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await app.Admin.GetAsync($"{sizes}?from=2020-01-01&to=2026-01-01"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await app.Admin.GetAsync($"{_workspace}/capacity/databases/{Guid.NewGuid()}/sizes"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
    }
}

[Collection(SqliteFleetServer.Name)]
public sealed class SqliteCapacitySyncTests(SqliteApp app) : CapacitySyncTests(app);

[Collection(PostgresFleetServer.Name)]
public sealed class PostgresCapacitySyncTests(PostgresApp app) : CapacitySyncTests(app);
