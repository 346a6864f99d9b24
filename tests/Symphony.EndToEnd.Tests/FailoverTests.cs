using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Symphony.Testing;
using static Symphony.EndToEnd.Tests.NodeRuns;

namespace Symphony.EndToEnd.Tests;

/// <summary>
/// The store fails over mid-run: a primary with a synchronous streaming standby, two nodes on a multi-host connection
/// string (Target Session Attributes=primary), the primary stopped at once while a run of 3,000 items is under way
/// and the standby promoted a moment later. The nodes go on by themselves, nothing recorded is lost or done twice,
/// the API answers 503 (never 500) while there is no primary, and /health/ready says so.
/// </summary>
[LongRunning]
public sealed class FailoverTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int Items = 3_000;
    private readonly List<Node> _nodes = [];
    private TestCluster _primary = null!;
    private TestCluster _standby = null!;

    public async Task InitializeAsync()
    {
        _primary = await TestCluster.StartAsync();
        _standby = await _primary.StartStandbyAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) node.Dispose();
        await _standby.DisposeAsync();
        await _primary.DisposeAsync();
    }

    private string Store => $"Host=127.0.0.1:{_primary.Port},127.0.0.1:{_standby.Port};Username=postgres;Database=postgres;Target Session Attributes=primary";

    [Fact]
    public async Task A_failover_of_the_store_mid_run_loses_nothing_repeats_nothing_and_the_nodes_go_on_within_ten_seconds()
    {
        (string, string)[] settings = [("Symphony__Scheduler__CheckinInterval", "00:00:01"), ("Symphony__Scheduler__IdleWait", "00:00:01")];
        _nodes.Add(await Node.StartAsync(Store, TimeSpan.FromSeconds(30), settings));
        _nodes.Add(await Node.StartAsync(Store, TimeSpan.FromSeconds(30), settings));
        var api = await _nodes[0].SignInAsync();
        var runs = await DefineAsync(api, "echo", [.. Enumerable.Range(0, Items).Select(_ => (object)new { sleep_ms = 100 })], maxConcurrency: 16);
        var ticks = (await DefineAsync(api, "noop", [new { n = 1 }], maxConcurrency: 4)).Split('/')[^2];
        var job = "tick-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/workspaces/default/scheduler/jobs",
            SymphonyApp.Json(new { id = job, name = "Every second", automation = ticks, schedule = new { interval_seconds = 1 } }))).StatusCode);
        var runId = Guid.Parse(JsonNode.Parse(await (await api.PostAsync(runs, null)).Content.ReadAsStringAsync())!["id"]!.GetValue<string>());

        // What the primary holds as completed just before it stops: all of it must survive the failover.
        Dictionary<Guid, DateTime> completedBefore;
        await using (var primary = new NpgsqlConnection(_primary.ConnectionString))
        {
            await primary.OpenAsync();
            while (await CountAsync(primary, "SELECT COUNT(*) FROM item_executions WHERE run_id = @run AND status = 'completed'", runId) < 1_100)
                await Task.Delay(100);
            completedBefore = await CompletedAsync(primary, runId);
        }

        // From the stop on, every 100 ms: an API call on each node, the readiness of each, and the run's progress.
        var clock = Stopwatch.StartNew();
        var timeline = SampleAsync(api, runId, clock);
        await _primary.StopAsync();
        var stoppedAt = clock.Elapsed;
        await Task.Delay(200);
        await _standby.PromoteAsync();
        var promotedAt = clock.Elapsed;
        long atPromotion;
        await using (var promoted = new NpgsqlConnection(_standby.ConnectionString))
        {
            await promoted.OpenAsync();
            atPromotion = await CountAsync(promoted, "SELECT COUNT(*) FROM item_executions WHERE run_id = @run AND status = 'completed'", runId);
        }
        var samples = await timeline;
        foreach (var s in samples.Where((s, i) => i % 10 == 0 || s.Api != 200))
            output.WriteLine($"{s.At.TotalSeconds,6:0.00} s  node {s.Node}  api {s.Api?.ToString(CultureInfo.InvariantCulture) ?? "-"}{(s.RetryAfter ? " (Retry-After)" : "")}  ready {s.Ready?.ToString(CultureInfo.InvariantCulture) ?? "-"}  completed {s.Completed}  {s.Status}");
        output.WriteLine($"stopped at {stoppedAt.TotalSeconds:0.00} s, promoted at {promotedAt.TotalSeconds:0.00} s");
        foreach (var node in _nodes)
            foreach (var line in node.Log.Where(l => l.Contains("\"level\":\"Warning\"", StringComparison.Ordinal) || l.Contains("\"level\":\"Error\"", StringComparison.Ordinal)))
                output.WriteLine($"[{node.ProcessId}] {line}");

        Assert.Equal("completed", samples[^1].Status);
        // While there is no primary the API answers 503 with Retry-After, a problem document, never 500.
        Assert.All(samples.Where(s => s.Api is not null), s => Assert.True(s.Api is 200 or 503, $"{s.At.TotalSeconds:0.00} s: {s.Api}"));
        Assert.All(samples.Where(s => s.Api == 503), s => Assert.True(s.RetryAfter && s.MediaType == "application/problem+json"));
        Assert.Contains(samples, s => s.Api == 503);
        // Readiness tells the truth: unready while the API cannot answer, ready when it can (a sample's two calls are
        // a moment apart, so the moment of a change may fall between them once per node).
        Assert.True(samples.Count(s => s.Api is not null && s.Ready is not null && (s.Api == 200) != (s.Ready == 200)) <= _nodes.Count,
            "readiness and the API disagreed");
        Assert.Equal(200, samples[^1].Ready);
        // The nodes go on within ten seconds of the promotion: 200 more items complete by then.
        var resumed = samples.FirstOrDefault(s => s.Completed > atPromotion + 200);
        Assert.True(resumed is not null && resumed.At < promotedAt + TimeSpan.FromSeconds(10),
            $"200 more items completed {(resumed?.At - promotedAt)?.TotalSeconds:0.0} s after the promotion");

        await using var store = new NpgsqlConnection(_standby.ConnectionString);
        await store.OpenAsync();
        Assert.Equal((long)Items, await CountAsync(store, "SELECT COUNT(*) FROM item_executions WHERE run_id = @run AND status = 'completed'", runId));
        // What was completed before the stop is still completed, as it was: not lost and run again.
        var completedAfter = await CompletedAsync(store, runId);
        Assert.All(completedBefore, before => Assert.Equal(before.Value, completedAfter[before.Key]));
        // Nothing completed twice: one completion in each item's history.
        Assert.Equal(0L, await CountAsync(store, """
            SELECT COUNT(*) FROM (SELECT item_execution_id FROM item_state_history WHERE run_id = @run AND to_status = 'completed'
                                  GROUP BY item_execution_id HAVING COUNT(*) > 1) twice
            """, runId));
        // The scheduler's ticks fired once each, before, during and after the failover.
        Assert.Equal(0L, await CountAsync(store, "SELECT COUNT(*) - COUNT(DISTINCT scheduled_at) FROM scheduler_firings WHERE job_id = @job", job));
        Assert.Equal(
            await CountAsync(store, "SELECT COUNT(*) FROM scheduler_firings WHERE job_id = @job AND outcome = 'started'", job),
            await CountAsync(store, "SELECT COUNT(*) FROM runs WHERE correlation_id = 'scheduler:' || @job", job));
    }

    /// <summary>Until the run finishes (two minutes at most): each node's answer to a read of the run, and its readiness.</summary>
    private async Task<List<Sample>> SampleAsync(HttpClient signedIn, Guid runId, Stopwatch clock)
    {
        var samples = new List<Sample>();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clients = _nodes.Select(n => n.ClientWith(signedIn)).ToList();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            foreach (var (node, client) in _nodes.Zip(clients))
            {
                var answer = await TryAsync(() => client.GetAsync($"/api/v1/workspaces/default/runs/{runId}"));
                var ready = await TryAsync(() => probe.GetAsync(node.Url + "/health/ready"));
                var body = answer is { StatusCode: HttpStatusCode.OK } ? JsonNode.Parse(await answer.Content.ReadAsStringAsync()) : null;
                samples.Add(new Sample(clock.Elapsed, node.ProcessId, (int?)answer?.StatusCode, answer?.Headers.RetryAfter is not null,
                    answer?.Content.Headers.ContentType?.MediaType, (int?)ready?.StatusCode, body?["counters"]?["completed"]?.GetValue<int>(),
                    body?["status"]?.GetValue<string>()));
            }
            if (samples[^1].Status is "completed" or "failed") break;
            await Task.Delay(100);
        }
        return samples;
    }

    private sealed record Sample(TimeSpan At, int Node, int? Api, bool RetryAfter, string? MediaType, int? Ready, int? Completed, string? Status);

    private static async Task<HttpResponseMessage?> TryAsync(Func<Task<HttpResponseMessage>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task<Dictionary<Guid, DateTime>> CompletedAsync(NpgsqlConnection connection, Guid runId)
    {
        await using var command = new NpgsqlCommand("SELECT id, finished_at FROM item_executions WHERE run_id = @run AND status = 'completed'", connection);
        command.Parameters.AddWithValue("run", runId);
        var completed = new Dictionary<Guid, DateTime>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) completed[reader.GetGuid(0)] = reader.GetDateTime(1);
        return completed;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, object value)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(value is Guid ? "run" : "job", value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
