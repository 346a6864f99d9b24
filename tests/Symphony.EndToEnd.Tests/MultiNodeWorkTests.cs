using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using Symphony.Testing;
using static Symphony.EndToEnd.Tests.NodeRuns;

namespace Symphony.EndToEnd.Tests;

/// <summary>Two real server processes on one PostgreSQL database sharing the work of a run, and an outage of that database.</summary>
[LongRunning]
public sealed class MultiNodeWorkTests(Xunit.Abstractions.ITestOutputHelper output) : MultiNodeTest
{
    [Fact]
    public async Task Two_nodes_process_ten_thousand_items_each_exactly_once()
    {
        await StartNodesAsync(TimeSpan.FromSeconds(30));
        var api = await Nodes[0].SignInAsync();
        var runs = await DefineAsync(api, "noop", Enumerable.Range(0, 10_000).Select(i => (object)new { n = i }).ToList(), maxConcurrency: 256);

        var watch = Stopwatch.StartNew();
        var started = JsonNode.Parse(await (await api.PostAsync(runs, null)).Content.ReadAsStringAsync())!;
        var run = await WaitAsync(api, Guid.Parse(started["id"]!.GetValue<string>()), TimeSpan.FromMinutes(4));
        output.WriteLine($"10,000 items on two nodes in {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal("completed", run["status"]!.GetValue<string>());
        Assert.Equal(10_000, run["counters"]!["completed"]!.GetValue<int>());

        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        var runId = Guid.Parse(run["id"]!.GetValue<string>());
        Assert.Equal(10_000L, await ScalarAsync(connection, "SELECT COUNT(*) FROM item_executions WHERE run_id = @run AND attempt_count = 1", runId));
        // Exactly once: one claim (pending to processing) per item, and both nodes took part.
        Assert.Equal(10_000L, await ScalarAsync(connection, "SELECT COUNT(*) FROM item_state_history WHERE run_id = @run AND to_status = 'processing'", runId));
        Assert.Equal(10_000L, await ScalarAsync(connection, "SELECT COUNT(DISTINCT item_execution_id) FROM item_state_history WHERE run_id = @run AND to_status = 'processing'", runId));
        Assert.Equal(2L, await ScalarAsync(connection, "SELECT COUNT(DISTINCT worker) FROM item_state_history WHERE run_id = @run AND to_status = 'processing'", runId));
    }

    [Fact]
    public async Task An_outage_of_the_store_shorter_than_the_lease_repeats_no_item_and_leaves_none_stuck()
    {
        await using var cluster = await TestCluster.StartAsync();
        var database = cluster.ConnectionString;
        await StartNodesOnAsync(database, TimeSpan.FromSeconds(30));
        var api = await Nodes[0].SignInAsync();
        var runs = await DefineAsync(api, "echo", Enumerable.Range(0, 600).Select(i => (object)new { sleep_ms = 100 + i % 100 }).ToList(), maxConcurrency: 16);
        var runId = Guid.Parse(JsonNode.Parse(await (await api.PostAsync(runs, null)).Content.ReadAsStringAsync())!["id"]!.GetValue<string>());

        await Task.Delay(TimeSpan.FromSeconds(2));
        await cluster.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(6));
        await cluster.StartAgainAsync();

        var finished = await WaitAsync(api, runId, TimeSpan.FromSeconds(90));
        Assert.Equal("completed", finished["status"]!.GetValue<string>());
        Assert.Equal(600, finished["counters"]!["completed"]!.GetValue<int>());
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        // No repeat: one claim per item; nothing reaped.
        Assert.Equal(600L, await ScalarAsync(connection, "SELECT COUNT(*) FROM item_state_history WHERE run_id = @run AND to_status = 'processing'", runId));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT COUNT(*) FROM item_executions WHERE run_id = @run AND attempt_count <> 1", runId));
    }
}
