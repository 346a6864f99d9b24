using System.Net;
using Npgsql;
using Symphony.Testing;
using static Symphony.EndToEnd.Tests.NodeRuns;

namespace Symphony.EndToEnd.Tests;

/// <summary>The clustered scheduler on two nodes: each tick fires once, through a node's death and while every node is down.</summary>
[LongRunning]
public sealed class MultiNodeSchedulerTests(Xunit.Abstractions.ITestOutputHelper output) : MultiNodeTest
{
    /// <summary>The period of the jobs whose ticks are missed while no node runs.</summary>
    private const int Interval = 5;

    [Fact]
    public async Task A_job_every_second_fires_each_tick_once_on_two_nodes_and_the_survivor_of_a_kill_fires_every_tick()
    {
        // Nodes notice a dead one after about a second of silence; a misfire is a tick more than a minute late, so
        // every tick missed while the cluster recovers still fires (late), by the job's fire_once policy.
        await StartNodesAsync(TimeSpan.FromSeconds(5),
            ("Symphony__Scheduler__CheckinInterval", "00:00:01"), ("Symphony__Scheduler__IdleWait", "00:00:01"));
        var api = await Nodes[0].SignInAsync();
        var automation = (await DefineAsync(api, "noop", [new { n = 1 }], maxConcurrency: 4)).Split('/')[^2];
        var job = "tick-" + Guid.NewGuid().ToString("N")[..8];
        var created = await api.PostAsync("/api/v1/workspaces/default/scheduler/jobs",
            SymphonyApp.Json(new { id = job, name = "Every second", automation, schedule = new { interval_seconds = 1 } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        async Task<long> FiringsAsync() => await CountAsync(connection, "SELECT COUNT(*) FROM scheduler_firings WHERE job_id = @job", job);
        await WaitUntilAsync(async () => await FiringsAsync() >= 12, TimeSpan.FromSeconds(60), "twelve ticks on two nodes");
        // The node that fired the latest tick (nodes are named host:pid:random) dies, most likely while it holds the trigger.
        DateTime killed;
        long firedBeforeKill;
        await using (var latest = new NpgsqlCommand("SELECT node FROM scheduler_firings WHERE job_id = @job ORDER BY scheduled_at DESC LIMIT 1", connection))
        {
            latest.Parameters.AddWithValue("job", job);
            var pid = int.Parse(((string)(await latest.ExecuteScalarAsync())!).Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
            Nodes.Single(n => n.ProcessId == pid).Kill();
            // Taken at once: signing in to the survivor may take seconds on a busy machine.
            (killed, firedBeforeKill) = (DateTime.UtcNow, await FiringsAsync());
            api = await Nodes.Single(n => n.ProcessId != pid).SignInAsync();
            output.WriteLine($"killed node {pid} at {killed:HH:mm:ss.fff}");
        }
        // Fifteen ticks more after the kill (thirty at least in all), so the survivor's own stretch is long.
        var wanted = Math.Max(30, firedBeforeKill + 15);
        await WaitUntilAsync(async () => await FiringsAsync() >= wanted, TimeSpan.FromSeconds(90), $"{wanted} ticks in all");
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
        // A skip is right while the previous second's run is still working, which on a busy machine happens for a few
        // ticks in a row (seen: 4 of 30); most ticks must still start their run.
        Assert.True(started.Count >= firings.Count * 2 / 3, $"{started.Count} of {firings.Count} ticks started a run");
        // The survivor kept firing after the kill: the ticks after it are all its own.
        var survivor = firings.Where(f => f.Due > killed.AddSeconds(10)).ToList();
        Assert.NotEmpty(survivor);
        Assert.Single(survivor.Select(f => f.Node).Distinct());
    }

    [Fact]
    public async Task Ticks_missed_while_every_node_was_down_fire_once_at_recovery_or_are_skipped_as_each_job_says()
    {
        // A dead node's firings are the next node's once it has been silent a second and a bit.
        (string, string)[] settings =
        [
            ("Symphony__Scheduler__MisfireThreshold", "00:00:02"), ("Symphony__Scheduler__IdleWait", "00:00:01"), ("Symphony__Scheduler__CheckinInterval", "00:00:01"),
        ];
        var first = await Node.StartAsync(Database, TimeSpan.FromSeconds(30), settings);
        Nodes.Add(first);
        var api = await first.SignInAsync();
        var automation = (await DefineAsync(api, "noop", [new { n = 1 }], maxConcurrency: 4)).Split('/')[^2];
        foreach (var (id, misfire) in new[] { ("once", "fire_once"), ("skip", "skip") })
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/workspaces/default/scheduler/jobs",
                SymphonyApp.Json(new { id, name = id, automation, schedule = new { interval_seconds = Interval }, misfire }))).StatusCode);
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await WaitUntilAsync(async () => await CountAsync(connection, "SELECT COUNT(DISTINCT job_id) FROM scheduler_firings WHERE job_id = @job OR job_id = 'skip'", "once") == 2,
            TimeSpan.FromSeconds(30), "a first tick of each job");

        first.Kill();
        var down = DateTime.UtcNow;
        // Down for two ticks and a bit, then up for more than a tick.
        await Task.Delay(TimeSpan.FromSeconds(Interval * 2.2));
        // The new node fires from some moment between these two: a busy machine may take seconds to start it.
        var starting = DateTime.UtcNow;
        Nodes.Add(await Node.StartAsync(Database, TimeSpan.FromSeconds(30), settings));
        var up = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(Interval * 1.6));

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
        output.WriteLine($"down {down:HH:mm:ss.fff}, starting {starting:HH:mm:ss.fff}, up {up:HH:mm:ss.fff}");

        // fire_once: of the due times missed while no node ran (a tick due just before the kill and not fired yet is one
        // of them), one fires as soon as a node is back, recorded with the first missed due time; the schedule goes on.
        var missedOnce = once.Where(f => f.Fired > down && f.Due < starting).ToList();
        Assert.Single(missedOnce);
        Assert.InRange(missedOnce[0].Fired, starting, up.AddSeconds(5));
        Assert.Equal(0, Math.Round((missedOnce[0].Due - once[0].Due).TotalMilliseconds) % (Interval * 1000));
        Assert.Contains(once, f => f.Due > up);
        // skip: the missed due times are dropped; the next firing is on the grid of the first.
        Assert.DoesNotContain(skip, f => f.Fired > down && f.Due < starting);
        var grid = skip[0].Due;
        var next = skip.Where(f => f.Due > up).ToList();
        Assert.NotEmpty(next);
        Assert.All(next, f => Assert.Equal(0, Math.Round((f.Due - grid).TotalMilliseconds) % (Interval * 1000)));
        Assert.True(skip.Count <= 3, $"{skip.Count} firings of the skipping job");
    }
}
