using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Symphony.Application.Common;
using Symphony.Domain.Fleet;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>
/// Webhooks receiving signed deliveries on a local listener: high-risk classifications, failed runs and changed
/// privileges (from a real accounts sync), with a server error retried and every delivery on record.
/// </summary>
public abstract class AlertTests(SymphonyApp app) : IAsyncLifetime
{
    private const string Secret = "shared-secret-of-the-receiver";
    private LocalHttpServer _receiver = null!;
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public async Task InitializeAsync() => _receiver = await LocalHttpServer.StartAsync(web =>
        // The first delivery to /flaky meets a server error; every other one is taken.
        web.MapPost("/{path}", (string path) => path == "flaky" && _calls.AddOrUpdate(path, 1, (_, n) => n + 1) == 1
            ? Results.StatusCode(503) : Results.Ok()));

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private async Task<string> WorkspaceAsync()
    {
        var slug = "al-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Alerts" }))).StatusCode);
        return $"/api/v1/workspaces/{slug}";
    }

    private async Task<JsonNode> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == status, await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    private async Task<string> WebhookAsync(string workspace, string path, string[] events, int minRisk = 1) =>
        (await OkAsync(await app.Admin.PostAsync($"{workspace}/webhooks", Json(new
        {
            name = "hook-" + path, url = $"{_receiver.Url}{path}", events, secret = Secret, min_risk_level = minRisk,
        })), HttpStatusCode.Created))["id"]!.GetValue<string>();

    /// <summary>The deliveries the receiver took (answered 200) on a path, waiting until there are at least <paramref name="count"/>.</summary>
    private async Task<List<ReceivedRequest>> ReceivedAsync(string path, int count, Func<ReceivedRequest, bool>? which = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var received = _receiver.To("POST", "/" + path).Where(which ?? (_ => true)).ToList();
            if (received.Count >= count || DateTime.UtcNow > deadline) return received;
            await Task.Delay(100);
        }
    }

    /// <summary>A webhook's deliveries once none is still on its way (ten seconds at most: the caller asserts what they came to).</summary>
    private async Task<JsonArray> CompletedDeliveriesAsync(string workspace, string webhook)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var deliveries = (await OkAsync(await app.Admin.GetAsync($"{workspace}/webhooks/{webhook}/deliveries")))["items"]!.AsArray();
            if (deliveries.All(d => d!["status"]?.GetValue<string>() == "completed") || waited.Elapsed > TimeSpan.FromSeconds(10)) return deliveries;
            await Task.Delay(100);
        }
    }

    private static void AssertSigned(ReceivedRequest request)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(request.Body)));
        Assert.Equal(expected, request.Headers["X-Symphony-Signature"]);
        Assert.Equal(JsonNode.Parse(request.Body)!["event"]!.GetValue<string>(), request.Headers["X-Symphony-Event"]);
    }

    [Fact]
    public async Task High_risk_classifications_and_failed_runs_arrive_signed_and_a_server_error_is_retried()
    {
        var workspace = await WorkspaceAsync();
        var webhook = await WebhookAsync(workspace, "flaky", ["account.classified", "run.failed"], minRisk: 4);
        var created = await OkAsync(await app.Admin.GetAsync($"{workspace}/webhooks/{webhook}"));
        Assert.Null(created["secret"]);
        Assert.Equal(["account.classified", "run.failed"], created["events"]!.AsArray().Select(e => e!.GetValue<string>()));

        foreach (var (code, risk, rule) in new[] { ("superusers", 6, "is_superuser"), ("locked", 2, "is_locked") })
        {
            var id = (await OkAsync(await app.Admin.PostAsync($"{workspace}/classifications", Json(new { code, name = code, risk_level = risk })), HttpStatusCode.Created))["id"]!;
            await OkAsync(await app.Admin.PostAsync($"{workspace}/classifications/{id}/rules",
                Json(new { db_type = "postgresql", rule = new JsonObject { ["version"] = 1, ["expr"] = new JsonObject { [rule] = new JsonObject() } } })), HttpStatusCode.Created);
        }
        var instance = (await OkAsync(await app.Admin.PostAsync($"{workspace}/instances", Json(new { name = "pg", db_type = "postgresql", host = "pg.internal" })),
            HttpStatusCode.Created))["id"]!.GetValue<string>();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            var row = await db.Instances.SingleAsync(i => i.Id == Guid.Parse(instance));
            row.AccountsSyncedAt = DateTime.UtcNow;
            Account Of(string name, string capability) => new()
            {
                WorkspaceId = row.WorkspaceId, InstanceId = row.Id, Name = name, FirstSeenAt = DateTime.UtcNow, LastSeenAt = DateTime.UtcNow,
                Facts = "{\"capabilities\":[\"" + capability + "\"],\"roles\":[],\"inherited_roles\":[],\"privileges\":{}}",
            };
            db.Accounts.AddRange(Of("root", "SUPERUSER"), Of("old_app", "LOCKED"));
            await db.SaveChangesAsync();
        }
        Assert.Equal("completed", (await OkAsync(await app.Admin.PostAsync($"{workspace}/instances/{instance}/actions/auto-classify?wait=30", null)))["status"]!.GetValue<string>());

        var failing = (await OkAsync(await app.Admin.PostAsync($"{workspace}/automations", Json(new { name = "failing", handler_kind = "echo", max_attempts = 1 })),
            HttpStatusCode.Created))["id"]!;
        var batch = (await OkAsync(await app.Admin.PostAsync($"{workspace}/automations/{failing}/batches", Json(new { name = "b" })), HttpStatusCode.Created))["id"]!;
        await OkAsync(await app.Admin.PostAsync($"{workspace}/automations/{failing}/batches/{batch}/items", Json(new { payload = new { always_fail = true } })), HttpStatusCode.Created);
        var failedRuns = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var failedRun = await OkAsync(await app.Admin.PostAsync($"{workspace}/automations/{failing}/runs?wait=30", null));
            Assert.Equal("failed", failedRun["status"]!.GetValue<string>());
            failedRuns.Add(failedRun["id"]!.GetValue<string>());
        }

        // Three deliveries taken (the one that met the 503 came again): root's high-risk class and the two runs.
        var received = await ReceivedAsync("flaky", 4);
        Assert.Equal(4, received.Count);
        Assert.All(received, AssertSigned);
        var events = received.Select(r => JsonNode.Parse(r.Body)!).ToList();
        var classified = events.Where(e => e["event"]!.GetValue<string>() == "account.classified").Select(e => e["data"]!).Distinct().ToList();
        Assert.All(classified, c => Assert.Equal("root", c!["account"]!.GetValue<string>()));
        Assert.Equal(6, classified[0]!["classifications"]![0]!["risk_level"]!.GetValue<int>());
        var runsReported = events.Where(e => e["event"]!.GetValue<string>() == "run.failed").Select(e => e["data"]!["run_id"]!.GetValue<string>()).Distinct();
        Assert.Equal(failedRuns.Order(StringComparer.Ordinal), runsReported.Order(StringComparer.Ordinal));
        // The delivery that met the 503 came again under the same delivery id.
        Assert.Equal([1, 1, 2], received.GroupBy(r => r.Headers["X-Symphony-Delivery"]).Select(g => g.Count()).Order());

        var deliveries = (await OkAsync(await app.Admin.GetAsync($"{workspace}/webhooks/{webhook}/deliveries")))["items"]!.AsArray();
        Assert.Equal(3, deliveries.Count);
        Assert.Equal(deliveries.Select(d => d!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal),
            received.Select(r => r.Headers["X-Symphony-Delivery"]).Distinct().Order(StringComparer.Ordinal));
        deliveries = await CompletedDeliveriesAsync(workspace, webhook);
        Assert.All(deliveries, d => Assert.Equal("completed", d!["status"]!.GetValue<string>()));
        Assert.Equal([1, 1, 2], deliveries.Select(d => d!["attempts"]!.GetValue<int>()).Order());
        // What the receiver answered the last attempt: the 503 was followed by a 200.
        Assert.All(deliveries, d => Assert.Equal(200, d!["response_status"]!.GetValue<int>()));

        // Deliveries start from events only: by hand, the built-in automation refuses.
        var automations = (await OkAsync(await app.Admin.GetAsync($"{workspace}/automations?limit=200")))["items"]!.AsArray();
        var deliveriesAutomation = automations.Single(a => a!["name"]!.GetValue<string>() == "builtin.webhooks")!["id"];
        await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/automations/{deliveriesAutomation}/runs", null), HttpStatusCode.Conflict, "BUILTIN_READ_ONLY");
    }

    [Fact]
    public async Task A_test_event_reaches_even_a_disabled_webhook_signed_and_its_delivery_keeps_the_answer()
    {
        var workspace = await WorkspaceAsync();
        var webhook = await WebhookAsync(workspace, "tested", ["run.failed"]);
        await OkAsync(await app.Admin.PatchAsync($"{workspace}/webhooks/{webhook}", Json(new { enabled = false, version = 1 })));
        await app.AddMemberAsync(workspace.Split('/')[^1], app.UserIds[TestRole.Operator], "operator");
        await AssertProblemAsync(await app.ClientFor(TestRole.Operator).PostAsync($"{workspace}/webhooks/{webhook}/actions/test", null),
            HttpStatusCode.Forbidden, "PERMISSION_DENIED");

        var sent = await OkAsync(await app.Admin.PostAsync($"{workspace}/webhooks/{webhook}/actions/test", null), HttpStatusCode.Accepted);
        Assert.Equal("webhook.test", sent["event"]!.GetValue<string>());
        var received = Assert.Single(await ReceivedAsync("tested", 1));
        AssertSigned(received);
        Assert.Equal(sent["id"]!.GetValue<string>(), received.Headers["X-Symphony-Delivery"]);
        Assert.Equal("hook-tested", JsonNode.Parse(received.Body)!["data"]!["webhook"]!.GetValue<string>());

        var delivery = Assert.Single(await CompletedDeliveriesAsync(workspace, webhook))!;
        Assert.Equal(("completed", 1, 200), (delivery["status"]!.GetValue<string>(), delivery["attempts"]!.GetValue<int>(), delivery["response_status"]!.GetValue<int>()));
        var audit = (await OkAsync(await app.Admin.GetAsync($"/api/v1/audit-events?action=webhook.tested&target_id={webhook}")))["items"]!.AsArray();
        Assert.Single(audit);
    }

    [Fact]
    public async Task A_webhooks_url_is_shown_in_full_to_owners_only_and_never_in_errors_or_the_audit_trail()
    {
        var workspace = await WorkspaceAsync();
        await app.AddMemberAsync(workspace.Split('/')[^1], app.UserIds[TestRole.Viewer], "viewer");
        // For a Slack-like receiver the path is the credential. Nothing listens on the port: every delivery fails.
        var origin = "http://127.0.0.1:" + TestProcesses.FreePort();
        var url = $"{origin}/services/T0001/B0002/XyZsecretToken";
        var webhook = (await OkAsync(await app.Admin.PostAsync($"{workspace}/webhooks", Json(new { name = "slack", url, events = new[] { "run.failed" }, secret = Secret })),
            HttpStatusCode.Created))["id"]!.GetValue<string>();

        var asOwner = await OkAsync(await app.Admin.GetAsync($"{workspace}/webhooks/{webhook}"));
        Assert.Equal((url, origin), (asOwner["url"]!.GetValue<string>(), asOwner["origin"]!.GetValue<string>()));
        var viewer = app.ClientFor(TestRole.Viewer);
        var asViewer = await OkAsync(await viewer.GetAsync($"{workspace}/webhooks/{webhook}"));
        Assert.Null(asViewer["url"]);
        Assert.Equal(origin, asViewer["origin"]!.GetValue<string>());
        var listed = (await OkAsync(await viewer.GetAsync($"{workspace}/webhooks")))["items"]!.AsArray().Single()!;
        Assert.Null(listed["url"]);

        var failing = (await OkAsync(await app.Admin.PostAsync($"{workspace}/automations", Json(new { name = "failing", handler_kind = "echo", max_attempts = 1 })),
            HttpStatusCode.Created))["id"]!;
        var batch = (await OkAsync(await app.Admin.PostAsync($"{workspace}/automations/{failing}/batches", Json(new { name = "b" })), HttpStatusCode.Created))["id"]!;
        await OkAsync(await app.Admin.PostAsync($"{workspace}/automations/{failing}/batches/{batch}/items", Json(new { payload = new { always_fail = true } })), HttpStatusCode.Created);
        Assert.Equal("failed", (await OkAsync(await app.Admin.PostAsync($"{workspace}/automations/{failing}/runs?wait=30", null)))["status"]!.GetValue<string>());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonNode? delivery;
        while ((delivery = (await OkAsync(await viewer.GetAsync($"{workspace}/webhooks/{webhook}/deliveries")))["items"]!.AsArray().FirstOrDefault()) is null
               || delivery["error"] is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "no failed delivery");
            await Task.Delay(200);
        }
        Assert.Contains(origin, delivery["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("XyZsecretToken", delivery["error"]!.GetValue<string>(), StringComparison.Ordinal);

        var audit = await OkAsync(await app.Admin.GetAsync($"/api/v1/audit-events?action=webhook.created&target_id={webhook}"));
        var details = audit["items"]!.AsArray().Single()!["details"]!.GetValue<string>();
        Assert.Contains("127.0.0.1", details, StringComparison.Ordinal);
        Assert.DoesNotContain("XyZsecretToken", details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grant_found_by_a_resync_is_delivered_as_changed_privileges()
    {
        var prefix = "al" + Guid.NewGuid().ToString("N")[..8];
        var password = "Alert-" + Guid.NewGuid().ToString("N")[..10];
        await TestPostgres.CreatePasswordRoleAsync(prefix + "_collector", password);
        await TestPostgres.ExecuteAsync($"CREATE ROLE {prefix}_app LOGIN; CREATE ROLE {prefix}_readers NOLOGIN;");
        try
        {
            var workspace = await WorkspaceAsync();
            await WebhookAsync(workspace, "changes", ["account.privileges_changed"]);
            var vault = (await ReadJsonAsync(await app.Admin.PostAsync($"{workspace}/vaults", Json(new { name = "collectors" }))))["id"]!;
            var credential = (await ReadJsonAsync(await app.Admin.PostAsync($"{workspace}/vaults/{vault}/credentials",
                Json(new { name = "collector", username = prefix + "_collector", secret = password }))))["id"]!;
            var port = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString).Port;
            var instance = (await OkAsync(await app.Admin.PostAsync($"{workspace}/instances",
                Json(new { name = "pg", db_type = "postgresql", host = "127.0.0.1", port, credential_id = credential })), HttpStatusCode.Created))["id"]!;
            Assert.Equal("completed", (await OkAsync(await app.Admin.PostAsync($"{workspace}/instances/{instance}/actions/sync-accounts?wait=60", null)))["status"]!.GetValue<string>());

            await TestPostgres.ExecuteAsync($"GRANT {prefix}_readers TO {prefix}_app");
            Assert.Equal("completed", (await OkAsync(await app.Admin.PostAsync($"{workspace}/instances/{instance}/actions/sync-accounts?wait=60", null)))["status"]!.GetValue<string>());

            var mine = await ReceivedAsync("changes", 1, r => r.Body.Contains($"\"{prefix}_app\"", StringComparison.Ordinal));
            var delivery = Assert.Single(mine);
            AssertSigned(delivery);
            var data = JsonNode.Parse(delivery.Body)!["data"]!;
            Assert.Equal([$"member_of:{prefix}_readers"], data["added"]!.AsArray().Select(l => l!.GetValue<string>()));
            Assert.Empty(data["removed"]!.AsArray());
        }
        finally
        {
            await TestPostgres.ExecuteAsync($"DROP ROLE IF EXISTS {prefix}_app; DROP ROLE IF EXISTS {prefix}_readers; DROP ROLE IF EXISTS {prefix}_collector");
        }
    }
}

public sealed class SqliteAlertTests(SqliteAlertingApp app) : AlertTests(app), IClassFixture<SqliteAlertingApp>;

public sealed class PostgresAlertTests(PostgresAlertingApp app) : AlertTests(app), IClassFixture<PostgresAlertingApp>;
