using System.Net;
using System.Text.Json.Nodes;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>One node started as a process on embedded SQLite: the items it held taken back when it starts again, and its metrics.</summary>
[LongRunning]
public sealed class SingleNodeTests : IAsyncLifetime
{
    private readonly ServerProcesses _servers = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task A_restarted_sqlite_node_takes_back_the_items_it_held_within_two_seconds()
    {
        string password, runId, itemId;
        using (var server = await _servers.StartAsync())
        {
            password = await FirstStartTests.FirstStartPasswordAsync(server);
            using var admin = await HttpSignIn.ClientAsync(server.Url, "admin", password);
            const string automations = "/api/v1/workspaces/default/automations";
            var automation = JsonNode.Parse(await (await admin.PostAsync(automations, SymphonyApp.Json(new { name = "long", handler_kind = "echo" })))
                .Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
            var batch = JsonNode.Parse(await (await admin.PostAsync($"{automations}/{automation}/batches", SymphonyApp.Json(new { name = "b" })))
                .Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
            await admin.PostAsync($"{automations}/{automation}/batches/{batch}/items", SymphonyApp.Json(new { payload = new { sleep_ms = 120_000 } }));
            runId = JsonNode.Parse(await (await admin.PostAsync($"{automations}/{automation}/runs", null)).Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
            JsonNode item;
            var deadline = DateTime.UtcNow.AddSeconds(20);
            do
            {
                item = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/workspaces/default/runs/{runId}/items"))!["items"]![0]!;
                Assert.True(DateTime.UtcNow < deadline, "the item was never claimed");
            }
            while (item["status"]!.GetValue<string>() != "processing");
            itemId = item["id"]!.GetValue<string>();
        }

        using var again = await _servers.StartAsync();
        var ready = DateTime.UtcNow;
        using var client = await HttpSignIn.ClientAsync(again.Url, "admin", password);
        JsonArray history;
        var until = DateTime.UtcNow.AddSeconds(10);
        do
        {
            history = JsonNode.Parse(await client.GetStringAsync($"/api/v1/workspaces/default/runs/{runId}/items/{itemId}/history"))!["history"]!.AsArray();
            await Task.Delay(100);
        }
        while (history.Count(h => h!["to_status"]!.GetValue<string>() == "processing") < 2 && DateTime.UtcNow < until);

        Assert.Contains(history, h => h!["reason"]?.GetValue<string>() == "its node restarted");
        var reclaimed = history.Where(h => h!["to_status"]!.GetValue<string>() == "processing").Select(h => h!["occurred_at"]!.GetValue<DateTime>()).Max();
        Assert.True(reclaimed.ToUniversalTime() - ready < TimeSpan.FromSeconds(2), $"claimed again {(reclaimed.ToUniversalTime() - ready).TotalSeconds:0.0} s after the restart");
    }

    [Fact]
    public async Task The_metrics_endpoint_answers_only_with_its_token_and_counts_a_run_s_items_attempts_and_outcomes()
    {
        const string token = "metrics-token-of-this-test-0123456789abcdef";
        using var server = await _servers.StartAsync(new Dictionary<string, string> { ["Symphony__Telemetry__MetricsToken"] = token });
        using var admin = await HttpSignIn.ClientAsync(server.Url, "admin", await FirstStartTests.FirstStartPasswordAsync(server));
        using var scraper = new HttpClient { BaseAddress = new Uri(server.Url) };

        // Never anonymous, and a user's session is not a scrape token either.
        var anonymous = await scraper.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("AUTHENTICATION_REQUIRED", JsonNode.Parse(await anonymous.Content.ReadAsStringAsync())!["message_code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/metrics")).StatusCode);

        // 5 items succeed, 2 fail once then succeed, 1 fails both of its attempts.
        const string automations = "/api/v1/workspaces/default/automations";
        var automation = JsonNode.Parse(await (await admin.PostAsync(automations,
            SymphonyApp.Json(new { name = "measured", handler_kind = "echo", max_attempts = 2, retry_delay_seconds = 0 }))).Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var batch = JsonNode.Parse(await (await admin.PostAsync($"{automations}/{automation}/batches", SymphonyApp.Json(new { name = "b" })))
            .Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var payloads = Enumerable.Range(0, 5).Select(i => (object)new { n = i })
            .Concat([new { fail_until_attempt = 2 }, new { fail_until_attempt = 2 }, new { always_fail = true }]);
        foreach (var payload in payloads)
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"{automations}/{automation}/batches/{batch}/items", SymphonyApp.Json(new { payload }))).StatusCode);
        var runId = JsonNode.Parse(await (await admin.PostAsync($"{automations}/{automation}/runs", null)).Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (JsonNode.Parse(await admin.GetStringAsync($"/api/v1/workspaces/default/runs/{runId}"))!["status"]!.GetValue<string>() == "processing")
        {
            Assert.True(DateTime.UtcNow < deadline, "the run never ended");
            await Task.Delay(100);
        }

        // What the store recorded, item by item: the metrics must say the same (11 attempts, 7 completed, 3 retried
        // and 1 failed, when every item behaves as its payload says).
        var items = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/workspaces/default/runs/{runId}/items?limit=50"))!["items"]!.AsArray();
        var moves = new List<string>();
        foreach (var item in items)
        {
            var history = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/workspaces/default/runs/{runId}/items/{item!["id"]!.GetValue<string>()}/history"))!["history"]!.AsArray();
            moves.AddRange(history.Select(h => $"{h!["from_status"]?.GetValue<string>()}>{h["to_status"]!.GetValue<string>()}"));
        }
        var started = moves.Count(m => m.EndsWith(">processing", StringComparison.Ordinal));
        Assert.Equal(8, items.Count);
        Assert.InRange(started, 11, 16);
        scraper.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var expected = new Dictionary<string, double>
        {
            ["symphony_items_started_total"] = started,
            ["symphony_items_completed_total"] = items.Count(i => i!["status"]!.GetValue<string>() == "completed"),
            ["symphony_items_retried_total"] = moves.Count(m => m == "processing>retrying"),
            ["symphony_items_failed_total"] = items.Count(i => i!["status"]!.GetValue<string>() == "failed"),
            ["symphony_item_duration_seconds_count"] = started,
        };
        string text;
        // The exporter answers from a short cache, so the last outcomes may come a scrape later; the queue's gauges are
        // sampled every 15 seconds, so the depth reads 0 at most one sample after the run ended.
        var until = DateTime.UtcNow.AddSeconds(20);
        do
        {
            text = await scraper.GetStringAsync("/metrics");
            await Task.Delay(200);
        }
        while (!(expected.All(e => Value(text, e.Key, "symphony_handler_kind=\"echo\"") == e.Value) && Value(text, "symphony_queue_depth", "") == 0)
            && DateTime.UtcNow < until);

        var ours = string.Join('\n', text.Split('\n').Where(line => line.StartsWith("symphony_", StringComparison.Ordinal)));
        foreach (var (name, value) in expected) Assert.True(Value(text, name, "symphony_handler_kind=\"echo\"") == value, $"{name} is not {value}:\n{ours}");
        Assert.Equal(1, Value(text, "symphony_run_duration_seconds_count", "symphony_outcome=\"failed\""));
        Assert.Equal(0, Value(text, "symphony_queue_depth", ""));
        Assert.True(Value(text, "http_server_request_duration_seconds_count", "http_route=\"/api/v1/workspaces/{workspace}/runs/{runId:guid}\"") > 0, text);
        Assert.NotNull(Value(text, "dotnet_gc_collections_total", ""));
    }

    /// <summary>The sum of a metric's samples whose labels contain <paramref name="label"/> (every series of it with that label), or null when there is none.</summary>
    private static double? Value(string exposition, string metric, string label)
    {
        double? sum = null;
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length == metric.Length || line[metric.Length] is not ('{' or ' ')) continue;
            if (label.Length > 0 && !line.Contains(label, StringComparison.Ordinal)) continue;
            var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            sum = (sum ?? 0) + double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        return sum;
    }
}
