using System.Text.Json.Nodes;
using Npgsql;
using static Symphony.EndToEnd.Tests.NodeRuns;

namespace Symphony.EndToEnd.Tests;

/// <summary>A node killed, stopped or started again while it holds items: the other node, or the node itself, takes them back.</summary>
[LongRunning]
public sealed class MultiNodeRecoveryTests : MultiNodeTest
{
    [Fact]
    public async Task Items_of_a_killed_node_are_finished_by_the_other_after_their_lease_expires()
    {
        await StartNodesAsync(TimeSpan.FromSeconds(5));
        var api = await Nodes[0].SignInAsync();
        var runs = await DefineAsync(api, "echo", Enumerable.Range(0, 24).Select(_ => (object)new { sleep_ms = 3_000 }).ToList(), maxConcurrency: 24);
        var run = JsonNode.Parse(await (await api.PostAsync(runs, null)).Content.ReadAsStringAsync())!;
        var runId = Guid.Parse(run["id"]!.GetValue<string>());

        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        var victim = Nodes[1];
        await WaitForItemsOfAsync(connection, runId, victim);
        victim.Kill();
        var killed = DateTime.UtcNow;

        var finished = await WaitAsync(api, runId, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", finished["status"]!.GetValue<string>());
        // Within the lease (5 s) and the reaper's period (1 s), plus the 3 s an item takes and some slack.
        Assert.True(DateTime.UtcNow - killed < TimeSpan.FromSeconds(14), $"finished {(DateTime.UtcNow - killed).TotalSeconds:0.0} s after the kill");
        Assert.Equal(24, finished["counters"]!["completed"]!.GetValue<int>());
        var reaped = await ScalarAsync(connection, "SELECT COUNT(*) FROM item_state_history WHERE run_id = @run AND reason = 'lease expired'", runId);
        Assert.True(reaped > 0, "no lease of the killed node was reaped");
        Assert.Equal(0L, await ScalarAsync(connection,
            "SELECT COUNT(*) FROM item_state_history WHERE run_id = @run AND to_status = 'completed' AND worker LIKE '%:' || @pid || ':%' AND occurred_at > NOW()", runId, victim.ProcessId));
    }

    [Fact]
    public async Task A_stopped_node_releases_its_items_at_once_and_the_other_node_continues_them()
    {
        // The node to be stopped starts alone and takes four items; the other then takes the rest and has room left.
        (string, string) grace = ("Symphony__Worker__ShutdownGrace", "00:00:01");
        var victim = await Node.StartAsync(Database, TimeSpan.FromSeconds(30), [grace, ("Symphony__Worker__Parallelism", "4")]);
        Nodes.Add(victim);
        var api = await victim.SignInAsync();
        // Items of a minute: the stopped node still holds its first four when it is stopped, however slowly the other starts.
        var runs = await DefineAsync(api, "echo", Enumerable.Range(0, 12).Select(_ => (object)new { sleep_ms = 60_000 }).ToList(), maxConcurrency: 12);
        var runId = Guid.Parse(JsonNode.Parse(await (await api.PostAsync(runs, null)).Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await WaitForItemsOfAsync(connection, runId, victim);
        var other = await Node.StartAsync(Database, TimeSpan.FromSeconds(30), [grace, ("Symphony__Worker__Parallelism", "16")]);
        Nodes.Add(other);
        await WaitForItemsOfAsync(connection, runId, other);
        await WaitForItemsOfAsync(connection, runId, victim);

        var stopped = DateTime.UtcNow;
        victim.Terminate();
        Assert.True(victim.WaitForExit(TimeSpan.FromSeconds(20)), "the stopped node did not exit");

        // Every released item: released within the grace and a little, claimed by the other node within two seconds,
        // and its lost attempt not counted (it runs on there, the first attempt that counts).
        var released = new List<(DateTime ReleasedAt, DateTime? ClaimedAgainAt, int Attempts)>();
        await WaitUntilAsync(async () => (released = await ReleasedAsync(connection, runId)).Count > 0 && released.All(r => r.ClaimedAgainAt is not null),
            TimeSpan.FromSeconds(30), "every released item claimed again");
        Assert.All(released, r =>
        {
            Assert.True(r.ReleasedAt - stopped < TimeSpan.FromSeconds(4), $"released {(r.ReleasedAt - stopped).TotalSeconds:0.0} s after SIGTERM");
            Assert.True(r.ClaimedAgainAt - r.ReleasedAt < TimeSpan.FromSeconds(2), $"claimed again {(r.ClaimedAgainAt - r.ReleasedAt)?.TotalSeconds:0.0} s after release");
            Assert.Equal(1, r.Attempts);
        });
    }

    [Fact]
    public async Task A_node_started_again_on_its_host_takes_back_its_items_at_once_and_leaves_a_live_sibling_alone()
    {
        // A long lease, so that nothing but the restart can return the killed node's items in time.
        await StartNodesAsync(TimeSpan.FromMinutes(2));
        var (sibling, victim) = (Nodes[0], Nodes[1]);
        var api = await sibling.SignInAsync();
        // Items far longer than a restart under load takes, so the sibling's are still its own at the end.
        var runs = await DefineAsync(api, "echo", Enumerable.Range(0, 16).Select(_ => (object)new { sleep_ms = 90_000 }).ToList(), maxConcurrency: 16);
        var runId = Guid.Parse(JsonNode.Parse(await (await api.PostAsync(runs, null)).Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await WaitForItemsOfAsync(connection, runId, victim);
        await WaitForItemsOfAsync(connection, runId, sibling);

        victim.Kill();
        Nodes.Add(await Node.StartAsync(Database, TimeSpan.FromMinutes(2), []));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (await ScalarAsync(connection, "SELECT COUNT(*) FROM item_executions WHERE run_id = @run AND status = 'processing' AND lease_owner LIKE '%:' || @pid || ':%'", runId, victim.ProcessId) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the restarted node did not take back the killed node's items");
            await Task.Delay(100);
        }
        Assert.True(await ScalarAsync(connection, "SELECT COUNT(*) FROM item_state_history WHERE run_id = @run AND reason = 'its node restarted'", runId) > 0);
        // The live sibling's items are its own still.
        Assert.True(await ScalarAsync(connection, "SELECT COUNT(*) FROM item_executions WHERE run_id = @run AND status = 'processing' AND lease_owner LIKE '%:' || @pid || ':%'", runId, sibling.ProcessId) > 0);
    }

    /// <summary>The items released at shutdown: when, when they were claimed again, and their attempts in the end.</summary>
    private static async Task<List<(DateTime ReleasedAt, DateTime? ClaimedAgainAt, int Attempts)>> ReleasedAsync(NpgsqlConnection connection, Guid runId)
    {
        await using var command = new NpgsqlCommand("""
            SELECT r.occurred_at,
                   (SELECT MIN(c.occurred_at) FROM item_state_history c WHERE c.item_execution_id = r.item_execution_id
                      AND c.to_status = 'processing' AND c.occurred_at >= r.occurred_at),
                   ie.attempt_count
            FROM item_state_history r JOIN item_executions ie ON ie.id = r.item_execution_id
            WHERE r.run_id = @run AND r.reason LIKE 'released at shutdown%'
            """, connection);
        command.Parameters.AddWithValue("run", runId);
        var rows = new List<(DateTime, DateTime?, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetDateTime(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1), reader.GetInt32(2)));
        return rows;
    }
}
