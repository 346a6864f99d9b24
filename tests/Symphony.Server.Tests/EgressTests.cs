using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>
/// The egress policy with its defaults, as an operator meets it: addresses that lead inside are refused when the
/// automation or engine is saved, and a host name that resolves inside fails the item at call time with
/// EGRESS_DENIED, without the listener there ever receiving a request.
/// </summary>
[Collection(SqliteContractServer.Name)]
public sealed class EgressTests(SqliteApp app)
{
    private const string Workspace = "/api/v1/workspaces/default";

    public static TheoryData<string> InsideUrls() =>
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:5080/api/v1/users",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://017700000001/",
        "http://10.1.2.3/",
        "http://192.168.0.10:8080/",
        "http://[fd00:ec2::254]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[::ffff:0:7f00:1]/",
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
        "http://168.63.129.16/machine/",
        "http://localhost:5080/",
        "http://metadata.google.internal/computeMetadata/v1/",
    ];

    [Theory]
    [MemberData(nameof(InsideUrls))]
    public async Task An_http_automation_aimed_inside_is_refused_when_saved(string url)
    {
        var response = await app.ClientFor(TestRole.Operator).PostAsync($"{Workspace}/automations", Json(new
        {
            name = "egress" + Guid.NewGuid().ToString("N")[..8], handler_kind = "http", handler_config = new { url },
        }));
        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "EGRESS_DENIED");
        Assert.Equal("handler_config.url", problem["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(InsideUrls))]
    public async Task An_engine_aimed_inside_is_refused_when_saved(string url)
    {
        var response = await app.ClientFor(TestRole.Operator).PostAsync($"{Workspace}/engines", Json(new
        {
            name = "egress" + Guid.NewGuid().ToString("N")[..8], type = "http", base_url = url.TrimEnd('/').Split('/')[..3].Aggregate((a, b) => a + "/" + b),
        }));
        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "EGRESS_DENIED");
    }

    [Fact]
    public async Task A_url_with_credentials_is_refused_in_a_handler_config()
    {
        var response = await app.ClientFor(TestRole.Operator).PostAsync($"{Workspace}/automations", Json(new
        {
            name = "creds" + Guid.NewGuid().ToString("N")[..8], handler_kind = "http", handler_config = new { url = "https://user:pw@hooks.example.com/x" },
        }));
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.DoesNotContain("pw@", problem.ToJsonString());
    }

    [Fact]
    public async Task A_host_name_that_resolves_inside_fails_the_item_with_egress_denied_and_is_never_called()
    {
        // This machine's own name resolves to one of its addresses (loopback here, its interface elsewhere).
        await using var listener = await LocalHttpServer.StartAsync(web => web.MapPost("/hook", () => Results.Ok(new { secret = "internal" })));
        var url = $"http://{Dns.GetHostName()}:{listener.Url.Port}/hook";
        var item = await HttpItems.RunOneItemAsync(app, url);

        Assert.Equal("failed", item["status"]!.GetValue<string>());
        var error = item["error"]!.GetValue<string>();
        Assert.StartsWith("EGRESS_DENIED: POST", error);
        // What the name resolves to stays on the server: the error names kinds of address, not addresses.
        Assert.DoesNotContain("127.0.0.1", error);
        Assert.Equal(1, item["attempt_count"]!.GetValue<int>());
        Assert.Empty(listener.Received);
    }
}

/// <summary>With 127.0.0.1 allowed and nothing else: a redirect elsewhere on this machine is checked again and refused.</summary>
public sealed class EgressRedirectTests(SqliteLocalEgressApp app) : IClassFixture<SqliteLocalEgressApp>
{
    [Fact]
    public async Task A_redirect_to_an_address_that_is_not_allowed_is_refused_at_the_new_connection()
    {
        await using var inside = await LocalHttpServer.StartAsync(web => web.MapPost("/admin", () => Results.Ok(new { secret = "internal" })), "127.0.0.2");
        await using var allowed = await LocalHttpServer.StartAsync(web =>
        {
            web.MapPost("/ok", () => Results.Ok(new { fine = true }));
            web.MapPost("/bounce", () => Results.Redirect($"{inside.Url}admin", preserveMethod: true));
        });

        var direct = await HttpItems.RunOneItemAsync(app, $"{allowed.Url}ok");
        Assert.Equal("completed", direct["status"]!.GetValue<string>());

        var bounced = await HttpItems.RunOneItemAsync(app, $"{allowed.Url}bounce");
        Assert.Equal("failed", bounced["status"]!.GetValue<string>());
        Assert.Contains("127.0.0.2 leads to a loopback address", bounced["error"]!.GetValue<string>());
        Assert.Single(allowed.To("POST", "/bounce"));
        Assert.Empty(inside.Received);
    }
}

/// <summary>Runs one item of a new http automation aimed at a URL; answers the item's execution.</summary>
internal static class HttpItems
{
    private const string Workspace = "/api/v1/workspaces/default";

    public static async Task<JsonNode> RunOneItemAsync(SymphonyApp app, string url)
    {
        var client = app.ClientFor(TestRole.Operator);
        var created = await client.PostAsync($"{Workspace}/automations", Json(new
        {
            name = "egress" + Guid.NewGuid().ToString("N")[..8], handler_kind = "http", handler_config = new { url }, max_attempts = 3, retry_delay_seconds = 0,
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await ReadJsonAsync(created))["id"]!.GetValue<string>();
        var batch = await ReadJsonAsync(await client.PostAsync($"{Workspace}/automations/{id}/batches", Json(new { name = "b" })));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"{Workspace}/automations/{id}/batches/{batch["id"]}/items",
            Json(new { payload = new { n = 1 } }))).StatusCode);
        var run = await ReadJsonAsync(await client.PostAsync($"{Workspace}/automations/{id}/runs?wait=30", null));
        return (await ReadJsonAsync(await client.GetAsync($"{Workspace}/runs/{run["id"]}/items")))["items"]![0]!;
    }
}
