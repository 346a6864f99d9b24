using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Npgsql;
using Symphony.Testing;
using static Symphony.EndToEnd.Tests.NodeRuns;

namespace Symphony.EndToEnd.Tests;

/// <summary>Two real server processes on one PostgreSQL database sharing the work of runs.</summary>
public sealed partial class MultiNodeTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<Node> _nodes = [];
    private string _database = "";

    public async Task InitializeAsync() => _database = await TestPostgres.CreateDatabaseAsync();

    /// <summary>
    /// Two nodes on the shared database. A live worker's lease must outlast any stall of a saturated machine,
    /// or its item is taken over and run again (at least once): the production lease, unless a test wants a
    /// dead node noticed quickly.
    /// </summary>
    private async Task StartNodesAsync(TimeSpan lease, params (string Name, string Value)[] settings) =>
        await StartNodesOnAsync(_database, lease, settings);

    private async Task StartNodesOnAsync(string database, TimeSpan lease, params (string Name, string Value)[] settings)
    {
        _nodes.Add(await Node.StartAsync(database, lease, settings));
        _nodes.Add(await Node.StartAsync(database, lease, settings));
    }

    public Task DisposeAsync()
    {
        foreach (var node in _nodes) node.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Two_nodes_process_ten_thousand_items_each_exactly_once()
    {
        await StartNodesAsync(TimeSpan.FromSeconds(30));
        var api = await _nodes[0].SignInAsync();
        var runs = await DefineAsync(api, "noop", Enumerable.Range(0, 10_000).Select(i => (object)new { n = i }).ToList(), maxConcurrency: 256);

        var watch = Stopwatch.StartNew();
        var started = JsonNode.Parse(await (await api.PostAsync(runs, null)).Content.ReadAsStringAsync())!;
        var run = await WaitAsync(api, Guid.Parse(started["id"]!.GetValue<string>()), TimeSpan.FromMinutes(4));
        output.WriteLine($"10,000 items on two nodes in {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal("completed", run["status"]!.GetValue<string>());
        Assert.Equal(10_000, run["counters"]!["completed"]!.GetValue<int>());

        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        var runId = Guid.Parse(run["id"]!.GetValue<string>());
        Assert.Equal(10_000L, await ScalarAsync(connection, "SELECT COUNT(*) FROM item_executions WHERE run_id = @run AND attempt_count = 1", runId));
        // Exactly once: one claim (pending to processing) per item, and both nodes took part.
        Assert.Equal(10_000L, await ScalarAsync(connection, "SELECT COUNT(*) FROM item_state_history WHERE run_id = @run AND to_status = 'processing'", runId));
        Assert.Equal(10_000L, await ScalarAsync(connection, "SELECT COUNT(DISTINCT item_execution_id) FROM item_state_history WHERE run_id = @run AND to_status = 'processing'", runId));
        Assert.Equal(2L, await ScalarAsync(connection, "SELECT COUNT(DISTINCT worker) FROM item_state_history WHERE run_id = @run AND to_status = 'processing'", runId));
    }

    [Fact]
    public async Task Items_of_a_killed_node_are_finished_by_the_other_after_their_lease_expires()
    {
        await StartNodesAsync(TimeSpan.FromSeconds(5));
        var api = await _nodes[0].SignInAsync();
        var runs = await DefineAsync(api, "echo", Enumerable.Range(0, 24).Select(_ => (object)new { sleep_ms = 3_000 }).ToList(), maxConcurrency: 24);
        var run = JsonNode.Parse(await (await api.PostAsync(runs, null)).Content.ReadAsStringAsync())!;
        var runId = Guid.Parse(run["id"]!.GetValue<string>());

        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        var victim = _nodes[1];
        // Generous: on two cores busy with the rest of the suite, a node just started has been seen to take its
        // first item after more than 20 s; what is measured is after this wait, not this wait.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await ScalarAsync(connection, "SELECT COUNT(*) FROM item_executions WHERE run_id = @run AND status = 'processing' AND lease_owner LIKE '%:' || @pid || ':%'", runId, victim.ProcessId) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the second node never took an item");
            await Task.Delay(50);
        }
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
        var victim = await Node.StartAsync(_database, TimeSpan.FromSeconds(30), [grace, ("Symphony__Worker__Parallelism", "4")]);
        _nodes.Add(victim);
        var api = await victim.SignInAsync();
        var runs = await DefineAsync(api, "echo", Enumerable.Range(0, 12).Select(_ => (object)new { sleep_ms = 15_000 }).ToList(), maxConcurrency: 12);
        var runId = Guid.Parse(JsonNode.Parse(await (await api.PostAsync(runs, null)).Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await WaitForItemsOfAsync(connection, runId, victim);
        var other = await Node.StartAsync(_database, TimeSpan.FromSeconds(30), [grace, ("Symphony__Worker__Parallelism", "16")]);
        _nodes.Add(other);
        api = await other.SignInAsync();
        await WaitForItemsOfAsync(connection, runId, other);
        await WaitForItemsOfAsync(connection, runId, victim);

        var stopped = DateTime.UtcNow;
        victim.Terminate();
        Assert.True(victim.WaitForExit(TimeSpan.FromSeconds(20)), "the stopped node did not exit");
        var finished = await WaitAsync(api, runId, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", finished["status"]!.GetValue<string>());

        // Every released item: released within the grace and a little, claimed by the other node within two seconds,
        // and its lost attempt not counted.
        var released = await ReleasedAsync(connection, runId);
        Assert.NotEmpty(released);
        Assert.All(released, r =>
        {
            Assert.True(r.ReleasedAt - stopped < TimeSpan.FromSeconds(4), $"released {(r.ReleasedAt - stopped).TotalSeconds:0.0} s after SIGTERM");
            Assert.True(r.ClaimedAgainAt - r.ReleasedAt < TimeSpan.FromSeconds(2), $"claimed again {(r.ClaimedAgainAt - r.ReleasedAt).TotalSeconds:0.0} s after release");
            Assert.Equal(1, r.Attempts);
        });
    }

    [Fact]
    public async Task A_node_started_again_on_its_host_takes_back_its_items_at_once_and_leaves_a_live_sibling_alone()
    {
        // A long lease, so that nothing but the restart can return the killed node's items in time.
        await StartNodesAsync(TimeSpan.FromMinutes(2));
        var (sibling, victim) = (_nodes[0], _nodes[1]);
        var api = await sibling.SignInAsync();
        // Items far longer than a restart under load takes, so the sibling's are still its own at the end.
        var runs = await DefineAsync(api, "echo", Enumerable.Range(0, 16).Select(_ => (object)new { sleep_ms = 90_000 }).ToList(), maxConcurrency: 16);
        var runId = Guid.Parse(JsonNode.Parse(await (await api.PostAsync(runs, null)).Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await WaitForItemsOfAsync(connection, runId, victim);
        await WaitForItemsOfAsync(connection, runId, sibling);

        victim.Kill();
        _nodes.Add(await Node.StartAsync(_database, TimeSpan.FromMinutes(2), []));
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

    [Fact]
    public async Task An_outage_of_the_store_shorter_than_the_lease_repeats_no_item_and_leaves_none_stuck()
    {
        await using var cluster = await TestCluster.StartAsync();
        var database = cluster.ConnectionString;
        await StartNodesOnAsync(database, TimeSpan.FromSeconds(30));
        var api = await _nodes[0].SignInAsync();
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

    [Fact]
    public async Task Failed_sign_ins_on_either_node_add_up_to_one_wait()
    {
        await StartNodesAsync(TimeSpan.FromSeconds(30), ("Symphony__Auth__FreeFailuresPerAccountAndAddress", "2"));
        var (a, b) = (_nodes[0], _nodes[1]);

        Assert.Equal(HttpStatusCode.Unauthorized, await a.TryLoginAsync("Wrong1Password"));
        Assert.Equal(HttpStatusCode.Unauthorized, await b.TryLoginAsync("Wrong1Password"));
        // The third failure in all, on the first node, sets a wait that the second node keeps even for the right password.
        Assert.Equal(HttpStatusCode.Unauthorized, await a.TryLoginAsync("Wrong1Password"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await b.TryLoginAsync(Node.Password));
    }

    [Fact]
    public async Task A_logout_or_a_revoked_token_on_one_node_is_refused_on_the_other_from_the_moment_the_revoking_call_answers()
    {
        await StartNodesAsync(TimeSpan.FromSeconds(30));
        var (a, b) = (_nodes[0], _nodes[1]);
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();

        // The second node keeps a session it has read: revoked behind its back (in SQL, so no node is told), it still passes.
        using var bypassed = await a.SignInAsync();
        using var bypassedOnB = b.ClientWith(bypassed);
        Assert.Equal(HttpStatusCode.OK, (await bypassedOnB.GetAsync("/api/v1/auth/me")).StatusCode);
        await using (var revoke = new NpgsqlCommand("UPDATE auth_sessions SET revoked_at = now() WHERE revoked_at IS NULL", connection))
            await revoke.ExecuteNonQueryAsync();
        Assert.Equal(HttpStatusCode.OK, (await bypassedOnB.GetAsync("/api/v1/auth/me")).StatusCode);

        // A logout on the first node is refused by the second on the very next request, though it cached the
        // session: twenty times, each right after the logout answered.
        var waits = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            using var api = await a.SignInAsync();
            using var onB = b.ClientWith(api);
            Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/v1/auth/me")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/v1/auth/me")).StatusCode);
            var watch = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync("/api/v1/auth/logout", null)).StatusCode);
            waits.Add(watch.Elapsed.TotalMilliseconds);
            var refused = await onB.GetAsync("/api/v1/auth/me");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("TOKEN_REVOKED", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["message_code"]!.GetValue<string>());
        }
        output.WriteLine($"logouts answered in {waits.Min():F0} to {waits.Max():F0} ms (median {waits.Order().ElementAt(waits.Count / 2):F0} ms); the other node refused the next request each time");

        // The same for a personal access token revoked on the first node while the second holds its session.
        using var owner = await a.SignInAsync();
        var created = JsonNode.Parse(await (await owner.PostAsync("/api/v1/auth/tokens",
            new StringContent("""{"name":"pipeline","expires_in_days":7,"role":"operator"}""", System.Text.Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync())!;
        using var tokenOnB = new HttpClient { BaseAddress = new Uri(b.Url) };
        tokenOnB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created["token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await tokenOnB.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tokenOnB.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/auth/tokens/{created["id"]!.GetValue<string>()}")).StatusCode);
        var tokenRefused = await tokenOnB.GetAsync("/api/v1/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, tokenRefused.StatusCode);
        Assert.Equal("TOKEN_REVOKED", JsonNode.Parse(await tokenRefused.Content.ReadAsStringAsync())!["message_code"]!.GetValue<string>());
    }

    private static async Task WaitForItemsOfAsync(NpgsqlConnection connection, Guid runId, Node node)
    {
        // Generous: on two cores busy with the rest of the suite, a node just started has been seen to take its
        // first item after more than 20 s; what is measured is after this wait, not this wait.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await ScalarAsync(connection, "SELECT COUNT(*) FROM item_executions WHERE run_id = @run AND status = 'processing' AND lease_owner LIKE '%:' || @pid || ':%'", runId, node.ProcessId) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the node never took an item");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_job_every_second_fires_each_tick_once_on_two_nodes_and_the_survivor_of_a_kill_fires_every_tick()
    {
        // Nodes notice a dead one after about a second of silence; a misfire is a tick more than a minute late, so
        // every tick missed while the cluster recovers still fires (late), by the job's fire_once policy.
        await StartNodesAsync(TimeSpan.FromSeconds(5),
            ("Symphony__Scheduler__CheckinInterval", "00:00:01"), ("Symphony__Scheduler__IdleWait", "00:00:01"));
        var api = await _nodes[0].SignInAsync();
        var automation = (await DefineAsync(api, "noop", [new { n = 1 }], maxConcurrency: 4)).Split('/')[^2];
        var job = "tick-" + Guid.NewGuid().ToString("N")[..8];
        var created = await api.PostAsync("/api/v1/workspaces/default/scheduler/jobs",
            SymphonyApp.Json(new { id = job, name = "Every second", automation, schedule = new { interval_seconds = 1 } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        async Task<long> FiringsAsync() => await CountAsync(connection, "SELECT COUNT(*) FROM scheduler_firings WHERE job_id = @job", job);
        await WaitUntilAsync(async () => await FiringsAsync() >= 12, TimeSpan.FromSeconds(60), "twelve ticks on two nodes");
        // The node that fired the latest tick (nodes are named host:pid:random) dies, most likely while it holds the trigger.
        await using (var latest = new NpgsqlCommand("SELECT node FROM scheduler_firings WHERE job_id = @job ORDER BY scheduled_at DESC LIMIT 1", connection))
        {
            latest.Parameters.AddWithValue("job", job);
            var pid = int.Parse(((string)(await latest.ExecuteScalarAsync())!).Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
            _nodes.Single(n => n.ProcessId == pid).Kill();
            api = await _nodes.Single(n => n.ProcessId != pid).SignInAsync();
            output.WriteLine($"killed node {pid}");
        }
        var killed = DateTime.UtcNow;
        await WaitUntilAsync(async () => await FiringsAsync() >= 30, TimeSpan.FromSeconds(90), "thirty ticks in all");
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/workspaces/default/scheduler/jobs/{job}/actions/pause", null)).StatusCode);
        await Task.Delay(1500);

        var firings = new List<(DateTime Due, DateTime Fired, string Outcome, Guid? Run, string Node, string? Reason)>();
        await using (var command = new NpgsqlCommand(
            "SELECT scheduled_at, fired_at, outcome, run_id, node, reason FROM scheduler_firings WHERE job_id = @job ORDER BY scheduled_at", connection))
        {
            command.Parameters.AddWithValue("job", job);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                firings.Add((reader.GetDateTime(0), reader.GetDateTime(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                    reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        foreach (var f in firings)
            output.WriteLine($"{f.Due:HH:mm:ss.fff}  +{(f.Fired - f.Due).TotalMilliseconds,6:0} ms  {f.Outcome,-8} {f.Node}{(f.Due > killed ? "  (after the kill)" : "")}");

        // Every tick from the first to the last has one firing: none lost, none twice.
        Assert.True(firings.Count >= 30);
        Assert.All(firings.Zip(firings.Skip(1)), pair => Assert.Equal(1000, (pair.Second.Due - pair.First.Due).TotalMilliseconds, 1));
        // Each started firing started its own run, and the job has no other run; a skipped one names the active run.
        var started = firings.Where(f => f.Outcome == "started").ToList();
        Assert.Equal(started.Count, started.Select(f => f.Run).Distinct().Count());
        Assert.Equal(started.Count, await CountAsync(connection, "SELECT COUNT(*) FROM runs WHERE correlation_id = 'scheduler:' || @job", job));
        Assert.All(firings.Where(f => f.Outcome != "started"), f => Assert.Contains("is still", f.Reason));
        Assert.True(started.Count >= firings.Count * 9 / 10, $"{started.Count} of {firings.Count} ticks started a run");
        // The survivor kept firing after the kill: the ticks after it are all its own.
        var survivor = firings.Where(f => f.Due > killed.AddSeconds(10)).ToList();
        Assert.NotEmpty(survivor);
        Assert.Single(survivor.Select(f => f.Node).Distinct());
    }

    [Fact]
    public async Task Ticks_missed_while_every_node_was_down_fire_once_at_recovery_or_are_skipped_as_each_job_says()
    {
        (string, string)[] settings = [("Symphony__Scheduler__MisfireThreshold", "00:00:02"), ("Symphony__Scheduler__IdleWait", "00:00:01")];
        var first = await Node.StartAsync(_database, TimeSpan.FromSeconds(30), settings);
        _nodes.Add(first);
        var api = await first.SignInAsync();
        var automation = (await DefineAsync(api, "noop", [new { n = 1 }], maxConcurrency: 4)).Split('/')[^2];
        foreach (var (id, misfire) in new[] { ("once", "fire_once"), ("skip", "skip") })
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/workspaces/default/scheduler/jobs",
                SymphonyApp.Json(new { id, name = id, automation, schedule = new { interval_seconds = 10 }, misfire }))).StatusCode);
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await WaitUntilAsync(async () => await CountAsync(connection, "SELECT COUNT(DISTINCT job_id) FROM scheduler_firings WHERE job_id = @job OR job_id = 'skip'", "once") == 2,
            TimeSpan.FromSeconds(30), "a first tick of each job");

        first.Kill();
        var down = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(22));
        _nodes.Add(await Node.StartAsync(_database, TimeSpan.FromSeconds(30), settings));
        var up = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(13));

        async Task<List<(DateTime Due, DateTime Fired)>> FiringsOfAsync(string job)
        {
            var rows = new List<(DateTime, DateTime)>();
            await using var command = new NpgsqlCommand("SELECT scheduled_at, fired_at FROM scheduler_firings WHERE job_id = @job ORDER BY scheduled_at", connection);
            command.Parameters.AddWithValue("job", job);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add((reader.GetDateTime(0), reader.GetDateTime(1)));
            return rows;
        }
        var once = await FiringsOfAsync("once");
        var skip = await FiringsOfAsync("skip");
        foreach (var (job, rows) in new[] { ("once", once), ("skip", skip) })
            foreach (var (due, fired) in rows)
                output.WriteLine($"{job}: due {due:HH:mm:ss.fff} fired {fired:HH:mm:ss.fff}");
        output.WriteLine($"down {down:HH:mm:ss.fff}, up {up:HH:mm:ss.fff}");

        // fire_once: of the due times missed while no node ran, one fires as soon as a node is back (recorded with the
        // first missed due time); the schedule goes on from then.
        var missedOnce = once.Where(f => f.Due > down && f.Due < up).ToList();
        Assert.Single(missedOnce);
        Assert.InRange(missedOnce[0].Fired, up.AddSeconds(-10), up.AddSeconds(5));
        Assert.Equal(0, Math.Round((missedOnce[0].Due - once[0].Due).TotalMilliseconds) % 10_000);
        Assert.Contains(once, f => f.Due > up);
        // skip: the missed due times are dropped; the next firing is on the grid of the first.
        Assert.DoesNotContain(skip, f => f.Due > down && f.Due < up);
        var grid = skip[0].Due;
        var next = skip.Where(f => f.Due > up).ToList();
        Assert.NotEmpty(next);
        Assert.All(next, f => Assert.Equal(0, Math.Round((f.Due - grid).TotalMilliseconds) % 10_000));
        Assert.True(skip.Count <= 3, $"{skip.Count} firings of the skipping job");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not reached in {timeout.TotalSeconds:0} s: {what}");
            await Task.Delay(200);
        }
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, string job)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("job", job);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The items released at shutdown: when, when they were claimed again, and their attempts in the end.</summary>
    private static async Task<List<(DateTime ReleasedAt, DateTime ClaimedAgainAt, int Attempts)>> ReleasedAsync(NpgsqlConnection connection, Guid runId)
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
        var rows = new List<(DateTime, DateTime, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetDateTime(0), reader.GetDateTime(1), reader.GetInt32(2)));
        return rows;
    }
}
