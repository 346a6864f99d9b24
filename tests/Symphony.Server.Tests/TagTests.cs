using System.Net;
using System.Text.Json.Nodes;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>Tags through the API: their rules, bulk assignment over instances, the instance filter and fleet scopes by tag.</summary>
public abstract class TagTests(SymphonyApp app)
{
    private async Task<string> WorkspaceAsync()
    {
        var slug = "t-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Tags" }))).StatusCode);
        return $"/api/v1/workspaces/{slug}";
    }

    private async Task<JsonNode> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    private async Task<Guid> InstanceAsync(string workspace, string name, string dbType = "postgresql") =>
        Guid.Parse((await CreatedAsync(await app.Admin.PostAsync($"{workspace}/instances", Json(new { name, db_type = dbType, host = $"{name}.internal" }))))["id"]!.GetValue<string>());

    private async Task<JsonNode> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    private async Task<Dictionary<string, List<string>>> TagsByInstanceAsync(string workspace, string query = "") =>
        (await OkAsync(await app.Admin.GetAsync($"{workspace}/instances?limit=200{query}")))["items"]!.AsArray()
            .ToDictionary(i => i!["name"]!.GetValue<string>(), i => i!["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList());

    [Fact]
    public async Task A_tag_has_a_unique_code_of_its_form_and_edits_keep_the_code()
    {
        var workspace = await WorkspaceAsync();
        var tag = await CreatedAsync(await app.Admin.PostAsync($"{workspace}/tags", Json(new { code = "prod-eu", category = "region", colour = "#2E7D32" })));
        Assert.Equal(("prod-eu", "prod-eu", "#2e7d32", 0), (tag["code"]!.GetValue<string>(), tag["display_name"]!.GetValue<string>(),
            tag["colour"]!.GetValue<string>(), tag["instance_count"]!.GetValue<int>()));

        await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/tags", Json(new { code = "prod-eu" })), HttpStatusCode.Conflict, "NAME_EXISTS");
        var bad = await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/tags", Json(new { code = "Prod EU", colour = "green" })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["code", "colour"], bad["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        var id = tag["id"]!.GetValue<string>();
        var changed = await OkAsync(await app.Admin.PatchAsync($"{workspace}/tags/{id}", Json(new { display_name = "Production EU", colour = "", version = 1 })));
        Assert.Equal(("prod-eu", "Production EU", null, "region", 2), (changed["code"]!.GetValue<string>(), changed["display_name"]!.GetValue<string>(),
            changed["colour"]?.GetValue<string>(), changed["category"]!.GetValue<string>(), changed["version"]!.GetValue<int>()));
        await AssertProblemAsync(await app.Admin.PatchAsync($"{workspace}/tags/{id}", Json(new { display_name = "Stale", version = 1 })),
            HttpStatusCode.Conflict, "CONCURRENT_MODIFICATION");

        await CreatedAsync(await app.Admin.PostAsync($"{workspace}/tags", Json(new { code = "pci", category = "compliance" })));
        var compliance = await OkAsync(await app.Admin.GetAsync($"{workspace}/tags?category=compliance"));
        Assert.Equal(["pci"], compliance["items"]!.AsArray().Select(t => t!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Bulk_assignment_is_all_or_nothing_and_repeating_it_changes_nothing()
    {
        var workspace = await WorkspaceAsync();
        var ids = new[] { await InstanceAsync(workspace, "a"), await InstanceAsync(workspace, "b"), await InstanceAsync(workspace, "c") };
        await CreatedAsync(await app.Admin.PostAsync($"{workspace}/tags", Json(new { code = "pci" })));
        await CreatedAsync(await app.Admin.PostAsync($"{workspace}/tags", Json(new { code = "team-billing" })));

        var assigned = await OkAsync(await app.Admin.PostAsync($"{workspace}/tags/actions/assign", Json(new { tags = new[] { "team-billing", "pci" }, instance_ids = ids })));
        Assert.Equal((3, 2, 6, 0), (assigned["instances"]!.GetValue<int>(), assigned["tags"]!.GetValue<int>(), assigned["changed"]!.GetValue<int>(), assigned["unchanged"]!.GetValue<int>()));
        var again = await OkAsync(await app.Admin.PostAsync($"{workspace}/tags/actions/assign", Json(new { tags = new[] { "pci" }, instance_ids = ids })));
        Assert.Equal((0, 3), (again["changed"]!.GetValue<int>(), again["unchanged"]!.GetValue<int>()));
        Assert.All((await TagsByInstanceAsync(workspace)).Values, tags => Assert.Equal(["pci", "team-billing"], tags));

        // One unknown instance or one unknown tag and nothing changes.
        var d = await InstanceAsync(workspace, "d");
        await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/tags/actions/assign", Json(new { tags = new[] { "pci" }, instance_ids = new[] { d, Guid.NewGuid() } })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var unknownTag = await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/tags/actions/assign", Json(new { tags = new[] { "pci", "nope" }, instance_ids = new[] { d } })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Contains("'nope'", unknownTag["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await TagsByInstanceAsync(workspace))["d"]);
        await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/tags/actions/assign",
            Json(new { tags = new[] { "pci" }, instance_ids = Enumerable.Range(0, 1001).Select(_ => Guid.NewGuid()) })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var empty = await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/tags/actions/assign", Json(new { tags = new[] { "pci" }, instance_ids = Array.Empty<Guid>() })),
            HttpStatusCode.BadRequest, "REQUEST_DATA_EMPTY");
        Assert.Equal("instance_ids", empty["errors"]![0]!["field"]!.GetValue<string>());

        var removed = await OkAsync(await app.Admin.PostAsync($"{workspace}/tags/actions/remove", Json(new { tags = new[] { "pci" }, instance_ids = new[] { ids[0], d } })));
        Assert.Equal((1, 1), (removed["changed"]!.GetValue<int>(), removed["unchanged"]!.GetValue<int>()));
        var cleared = await OkAsync(await app.Admin.PostAsync($"{workspace}/tags/actions/remove-all", Json(new { instance_ids = new[] { ids[1] } })));
        Assert.Equal(2, cleared["changed"]!.GetValue<int>());
        await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/tags/actions/remove-all", Json(new { tags = new[] { "pci" }, instance_ids = new[] { ids[1] } })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var now = await TagsByInstanceAsync(workspace);
        Assert.Equal(["team-billing"], now["a"]);
        Assert.Empty(now["b"]);
        Assert.Equal(["pci", "team-billing"], now["c"]);
        var instance = await OkAsync(await app.Admin.GetAsync($"{workspace}/instances/{ids[2]}"));
        Assert.Equal(["pci", "team-billing"], instance["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task An_instance_of_another_workspace_or_the_all_zero_id_is_refused_and_keeps_its_tags()
    {
        var mine = await WorkspaceAsync();
        var theirs = await WorkspaceAsync();
        var own = await InstanceAsync(mine, "own");
        var foreign = await InstanceAsync(theirs, "foreign");
        foreach (var workspace in new[] { mine, theirs })
            await CreatedAsync(await app.Admin.PostAsync($"{workspace}/tags", Json(new { code = "pci" })));
        await OkAsync(await app.Admin.PostAsync($"{theirs}/tags/actions/assign", Json(new { tags = new[] { "pci" }, instance_ids = new[] { foreign } })));

        foreach (var action in new[] { "assign", "remove", "remove-all" })
        {
            object body = action == "remove-all"
                ? new { instance_ids = new[] { Guid.Empty, foreign } }
                : new { tags = new[] { "pci" }, instance_ids = new[] { Guid.Empty, own, foreign } };
            var refused = await AssertProblemAsync(await app.Admin.PostAsync($"{mine}/tags/actions/{action}", Json(body)), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.Equal("instance_ids", refused["errors"]![0]!["field"]!.GetValue<string>());
        }
        Assert.Equal(["pci"], (await TagsByInstanceAsync(theirs))["foreign"]);
        Assert.Empty((await TagsByInstanceAsync(mine))["own"]);
    }

    [Fact]
    public async Task The_instance_list_filters_by_any_of_the_tags_given()
    {
        var workspace = await WorkspaceAsync();
        var a = await InstanceAsync(workspace, "a");
        var b = await InstanceAsync(workspace, "b");
        await InstanceAsync(workspace, "c");
        foreach (var code in new[] { "eu", "us" })
            await CreatedAsync(await app.Admin.PostAsync($"{workspace}/tags", Json(new { code })));
        await OkAsync(await app.Admin.PostAsync($"{workspace}/tags/actions/assign", Json(new { tags = new[] { "eu" }, instance_ids = new[] { a } })));
        await OkAsync(await app.Admin.PostAsync($"{workspace}/tags/actions/assign", Json(new { tags = new[] { "us" }, instance_ids = new[] { b } })));

        Assert.Equal(["a"], (await TagsByInstanceAsync(workspace, "&tag=eu")).Keys);
        Assert.Equal(["a", "b"], (await TagsByInstanceAsync(workspace, "&tag=eu&tag=us")).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["a", "b"], (await TagsByInstanceAsync(workspace, "&tag=eu,us")).Keys.Order(StringComparer.Ordinal));
        Assert.Empty(await TagsByInstanceAsync(workspace, "&tag=asia"));
        await AssertProblemAsync(await app.Admin.GetAsync($"{workspace}/instances?tag=Not%20A%20Code"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        // Only a filter that takes several values may be repeated.
        await AssertProblemAsync(await app.Admin.GetAsync($"{workspace}/instances?db_type=mysql&db_type=postgresql"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task A_tag_in_use_is_deleted_only_with_force_and_its_code_can_be_used_again()
    {
        var workspace = await WorkspaceAsync();
        var a = await InstanceAsync(workspace, "a");
        var tag = (await CreatedAsync(await app.Admin.PostAsync($"{workspace}/tags", Json(new { code = "legacy" }))))["id"]!.GetValue<string>();
        await OkAsync(await app.Admin.PostAsync($"{workspace}/tags/actions/assign", Json(new { tags = new[] { "legacy" }, instance_ids = new[] { a } })));
        Assert.Equal(1, (await OkAsync(await app.Admin.GetAsync($"{workspace}/tags/{tag}")))["instance_count"]!.GetValue<int>());

        await AssertProblemAsync(await app.Admin.DeleteAsync($"{workspace}/tags/{tag}"), HttpStatusCode.Conflict, "TAG_IN_USE");
        await AssertProblemAsync(await app.Admin.DeleteAsync($"{workspace}/tags/{tag}?force=maybe"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["legacy"], (await TagsByInstanceAsync(workspace))["a"]);

        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin.DeleteAsync($"{workspace}/tags/{tag}?force=true")).StatusCode);
        Assert.Empty((await TagsByInstanceAsync(workspace))["a"]);
        await AssertProblemAsync(await app.Admin.GetAsync($"{workspace}/tags/{tag}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        var again = await CreatedAsync(await app.Admin.PostAsync($"{workspace}/tags", Json(new { code = "legacy" })));
        Assert.Equal(0, again["instance_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_fleet_sync_and_a_job_can_be_scoped_to_instances_carrying_a_tag()
    {
        var workspace = await WorkspaceAsync();
        var a = await InstanceAsync(workspace, "a");
        var b = await InstanceAsync(workspace, "b", "mysql");
        await InstanceAsync(workspace, "c");
        await CreatedAsync(await app.Admin.PostAsync($"{workspace}/tags", Json(new { code = "nightly" })));
        await OkAsync(await app.Admin.PostAsync($"{workspace}/tags/actions/assign", Json(new { tags = new[] { "nightly" }, instance_ids = new[] { a, b } })));

        var run = await ReadJsonAsync(await app.Admin.PostAsync($"{workspace}/instances/actions/sync-capacity", Json(new { tags = new[] { "nightly" }, db_type = "postgresql" })));
        var automation = $"{workspace}/automations/{run["automation_id"]}";
        var batch = (await OkAsync(await app.Admin.GetAsync($"{automation}/batches")))["items"]!.AsArray().Single()!;
        var items = await OkAsync(await app.Admin.GetAsync($"{automation}/batches/{batch["id"]}/items"));
        Assert.Equal([a.ToString()], items["items"]!.AsArray().Select(i => i!["payload"]!["instance_id"]!.GetValue<string>()));
        await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/instances/actions/sync-capacity", Json(new { tags = new[] { "weekly" } })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var job = await CreatedAsync(await app.Admin.PostAsync($"{workspace}/scheduler/jobs", Json(new
        {
            id = "nightly-capacity", name = "Nightly capacity", automation = "builtin.capacity-sync",
            schedule = new { cron = "0 0 2 * * ?", time_zone = "UTC" }, scope = new { tags = new[] { "nightly" } },
        })));
        Assert.Equal(["nightly"], job["scope"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        var unknown = await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/scheduler/jobs", Json(new
        {
            id = "weekly-capacity", name = "Weekly", automation = "builtin.capacity-sync",
            schedule = new { cron = "0 0 2 ? * SUN", time_zone = "UTC" }, scope = new { tags = new[] { "weekly" } },
        })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("scope.tags", unknown["errors"]![0]!["field"]!.GetValue<string>());
    }
}

[Collection(SqliteFleetServer.Name)]
public sealed class SqliteTagTests(SqliteApp app) : TagTests(app);

[Collection(PostgresFleetServer.Name)]
public sealed class PostgresTagTests(PostgresApp app) : TagTests(app);
