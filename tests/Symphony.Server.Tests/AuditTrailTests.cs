using System.Net;
using System.Text.Json.Nodes;
using Symphony.Infrastructure.Persistence;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>What security teams ask of the audit log: every credential change and every use of a secret with its purpose, exports, probes, configuration.</summary>
[Collection(SqliteIdentityServer.Name)]
public sealed class AuditTrailTests(SqliteApp app)
{
    private const string Workspace = "/api/v1/workspaces/default";

    private async Task<JsonArray> EventsAsync(string query) =>
        (await ReadJsonAsync(await app.Admin.GetAsync($"/api/v1/audit-events?limit=200&{query}")))["items"]!.AsArray();

    private static JsonNode Details(JsonNode e) => JsonNode.Parse(e["details"]!.GetValue<string>())!;

    private async Task<(string Vault, string Credential)> CredentialAsync()
    {
        var operatorClient = app.ClientFor(TestRole.Operator);
        var vault = (await ReadJsonAsync(await operatorClient.PostAsync($"{Workspace}/vaults", Json(new { name = "at" + Guid.NewGuid().ToString("N")[..8] }))))["id"]!.GetValue<string>();
        var credential = (await ReadJsonAsync(await operatorClient.PostAsync($"{Workspace}/vaults/{vault}/credentials",
            Json(new { name = "c" + Guid.NewGuid().ToString("N")[..8], username = "probe", secret = "Audit-Secret-7" }))))["id"]!.GetValue<string>();
        return (vault, credential);
    }

    [Fact]
    public async Task Credentials_are_audited_when_created_changed_and_deleted_and_never_with_their_secret()
    {
        var (vault, credential) = await CredentialAsync();
        var operatorClient = app.ClientFor(TestRole.Operator);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PatchAsync($"{Workspace}/vaults/{vault}/credentials/{credential}",
            Json(new { secret = "Rotated-Secret-8", version = 1 }))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.DeleteAsync($"{Workspace}/vaults/{vault}/credentials/{credential}")).StatusCode);

        var events = await EventsAsync($"target_id={credential}&sort=occurred_at&order=asc");
        Assert.Equal(["credential.created", "credential.updated", "credential.deleted"], events.Select(e => e!["action"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal("operator", e!["actor_name"]!.GetValue<string>()));
        Assert.True(Details(events[1]!)["secret_changed"]!.GetValue<bool>());
        Assert.DoesNotContain("Secret-", events.ToJsonString());
    }

    [Fact]
    public async Task Every_decryption_of_a_secret_names_the_connection_test_or_the_run_that_used_it()
    {
        var (_, credential) = await CredentialAsync();
        var admin = app.Admin;
        var instance = (await ReadJsonAsync(await admin.PostAsync($"{Workspace}/instances", Json(new
        {
            name = "closed" + Guid.NewGuid().ToString("N")[..8], db_type = "postgresql", host = "127.0.0.1", port = 9, credential_id = credential,
        }))))["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"{Workspace}/instances/actions/test-connection", Json(new { instance_ids = new[] { instance } }))).StatusCode);
        var run = await ReadJsonAsync(await admin.PostAsync($"{Workspace}/instances/{instance}/actions/sync-accounts?wait=60", null));
        Assert.Equal("failed", run["status"]!.GetValue<string>());

        var uses = await EventsAsync($"action=credential.used&target_id={credential}&sort=occurred_at&order=asc");
        Assert.Equal("connection_test", Details(uses[0]!)["purpose"]!.GetValue<string>());
        Assert.Equal(instance, Details(uses[0]!)["instance_id"]!.GetValue<string>());
        // The sync's item tried three times, each decrypting the secret for that run.
        var runUses = uses.Skip(1).Select(u => Details(u!)).ToList();
        Assert.NotEmpty(runUses);
        Assert.All(runUses, d => Assert.Equal(("run_item", run["id"]!.GetValue<string>()), (d["purpose"]!.GetValue<string>(), d["run_id"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Ad_hoc_connection_tests_and_exports_are_audited_with_who_did_them()
    {
        var operatorClient = app.ClientFor(TestRole.Operator);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PostAsync($"{Workspace}/instances/actions/test-connection",
            Json(new { db_type = "postgresql", host = "127.0.0.1", port = 9, username = "scan", password = "Probe-1" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(TestRole.Viewer).GetAsync($"{Workspace}/instances/actions/export")).StatusCode);

        var probe = (await EventsAsync("action=connection.adhoc_test&target_id=127.0.0.1:9"))[0]!;
        Assert.Equal("operator", probe["actor_name"]!.GetValue<string>());
        Assert.Equal(("scan", false), (Details(probe)["username"]!.GetValue<string>(), Details(probe)["refused"]!.GetValue<bool>()));
        Assert.DoesNotContain("Probe-1", probe.ToJsonString());
        Assert.Contains(await EventsAsync("action=instance.exported"), e => e!["actor_name"]!.GetValue<string>() == "viewer");
    }

    [Fact]
    public async Task Engine_and_automation_configuration_changes_are_audited()
    {
        var operatorClient = app.ClientFor(TestRole.Operator);
        var engine = (await ReadJsonAsync(await operatorClient.PostAsync($"{Workspace}/engines", Json(new
        {
            name = "e" + Guid.NewGuid().ToString("N")[..8], type = "http", base_url = "https://engine.example.com",
        }))))["id"]!.GetValue<string>();
        var automation = (await ReadJsonAsync(await operatorClient.PostAsync($"{Workspace}/automations", Json(new
        {
            name = "a" + Guid.NewGuid().ToString("N")[..8], handler_kind = "http", handler_config = new { url = "https://hooks.example.com/x" },
        }))))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PatchAsync($"{Workspace}/automations/{automation}",
            Json(new { handler_config = new { url = "https://hooks.example.com/y" }, version = 1 }))).StatusCode);

        Assert.Equal("https://engine.example.com", Details((await EventsAsync($"action=engine.created&target_id={engine}"))[0]!)["base_url"]!.GetValue<string>());
        Assert.True(Details((await EventsAsync($"action=automation.updated&target_id={automation}"))[0]!)["handler_config_changed"]!.GetValue<bool>());
    }
}

/// <summary>Ad-hoc connection tests limited to one network that the test's target is not in.</summary>
public sealed class LimitedTargetsApp() : SymphonyApp(DatabaseProvider.Sqlite)
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [new("Symphony:Targets:AllowedNetworks:0", "10.20.0.0/16")];
}

public sealed class TargetNetworkTests(LimitedTargetsApp app) : IClassFixture<LimitedTargetsApp>
{
    [Fact]
    public async Task An_ad_hoc_connection_test_outside_the_allowed_networks_is_refused_and_audited()
    {
        var response = await app.ClientFor(TestRole.Operator).PostAsync("/api/v1/workspaces/default/instances/actions/test-connection",
            Json(new { db_type = "postgresql", host = "127.0.0.1", port = 5432, username = "scan", password = "Probe-1" }));

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "EGRESS_DENIED");
        Assert.Equal("host", problem["errors"]![0]!["field"]!.GetValue<string>());
        var audit = await ReadJsonAsync(await app.Admin.GetAsync("/api/v1/audit-events?action=connection.adhoc_test&target_id=127.0.0.1:5432"));
        Assert.True(JsonNode.Parse(audit["items"]![0]!["details"]!.GetValue<string>())!["refused"]!.GetValue<bool>());
    }
}
