using System.Net;
using Npgsql;
using Symphony.Infrastructure.Persistence;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>Partition health in /health/ready and the partitions API, and the built-in maintenance job that repairs it.</summary>
public abstract class PartitionHealthTests(SymphonyApp app)
{
    [Fact]
    public async Task A_missing_coming_month_degrades_readiness_with_a_warning_until_maintenance_makes_it()
    {
        var ready = await ReadJsonAsync(await app.CreateClient().GetAsync("/health/ready"));
        Assert.Equal("healthy", ready["checks"]!["partitions"]!.GetValue<string>());
        var tables = (await ReadJsonAsync(await app.Admin.GetAsync("/api/v1/partitions"))).AsArray();
        Assert.Equal(["database_size_stats", "instance_size_stats", "item_state_history"], tables.Select(t => t!["table"]!.GetValue<string>()).Order());
        if (app.Database.Provider == DatabaseProvider.Sqlite)
        {
            Assert.All(tables, t => Assert.False(t!["partitioned"]!.GetValue<bool>()));
            Assert.Contains("SQLite", ready["details"]!["partitions"]!.GetValue<string>());
            var skipped = await ReadJsonAsync(await app.Admin.PostAsync("/api/v1/workspaces/default/scheduler/jobs/partition-maintenance/actions/run?wait=30", null));
            Assert.Equal("completed", skipped["status"]!.GetValue<string>());
            return;
        }
        Assert.All(tables, t => Assert.True(t!["partitioned"]!.GetValue<bool>()));

        var next = DateTime.UtcNow.AddMonths(2);
        await using (var connection = new NpgsqlConnection(app.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP TABLE database_size_stats_p{next:yyyyMM}", connection);
            await drop.ExecuteNonQueryAsync();
        }
        var degraded = await app.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);
        var body = await ReadJsonAsync(degraded);
        Assert.Equal("degraded", body["checks"]!["partitions"]!.GetValue<string>());
        Assert.Contains($"database_size_stats: no partition for {next:yyyy-MM}", body["details"]!["partitions"]!.GetValue<string>());
        var table = (await ReadJsonAsync(await app.Admin.GetAsync("/api/v1/partitions"))).AsArray().Single(t => t!["table"]!.GetValue<string>() == "database_size_stats")!;
        Assert.Equal($"{next:yyyy-MM}", table["missing_months"]![0]!.GetValue<string>());

        var run = await ReadJsonAsync(await app.Admin.PostAsync("/api/v1/workspaces/default/scheduler/jobs/partition-maintenance/actions/run?wait=30", null));
        Assert.Equal("completed", run["status"]!.GetValue<string>());
        var result = (await ReadJsonAsync(await app.Admin.GetAsync($"/api/v1/workspaces/default/runs/{run["id"]}/items")))["items"]![0]!["result"]!;
        Assert.Contains($"database_size_stats_p{next:yyyyMM}", result["created"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("healthy", (await ReadJsonAsync(await app.CreateClient().GetAsync("/health/ready")))["checks"]!["partitions"]!.GetValue<string>());
    }
}

[Collection(SqliteEngineServer.Name)]
public sealed class SqlitePartitionHealthTests(SqliteApp app) : PartitionHealthTests(app);

[Collection(PostgresEngineServer.Name)]
public sealed class PostgresPartitionHealthTests(PostgresApp app) : PartitionHealthTests(app);
