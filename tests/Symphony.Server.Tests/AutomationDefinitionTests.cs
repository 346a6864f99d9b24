using System.Net;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

public abstract class AutomationDefinitionTests(SymphonyApp app)
{
    private const string Automations = "/api/v1/workspaces/default/automations";

    private async Task<(string Automation, string Batch)> NewBatchAsync(object? itemSchema = null, object? batchSchema = null)
    {
        var client = app.ClientFor(TestRole.Operator);
        var automation = await ReadJsonAsync(await client.PostAsync(Automations, Json(new
        {
            name = "a" + Guid.NewGuid().ToString("N")[..8],
            handler_kind = "noop",
            item_schema = itemSchema ?? new { type = "object", required = new[] { "host" }, properties = new { host = new { type = "string", minLength = 1 }, port = new { type = "integer", maximum = 65535 } } },
            batch_schema = batchSchema,
        })));
        var id = automation["id"]!.GetValue<string>();
        var batch = await ReadJsonAsync(await client.PostAsync($"{Automations}/{id}/batches", Json(new { name = "b1", payload = new { } })));
        return ($"{Automations}/{id}", $"{Automations}/{id}/batches/{batch["id"]!.GetValue<string>()}");
    }

    [Fact]
    public async Task A_payload_that_fails_the_item_schema_is_refused_with_every_failing_path()
    {
        var (_, batch) = await NewBatchAsync();
        var response = await app.ClientFor(TestRole.Operator).PostAsync($"{batch}/items", Json(new { payload = new { port = 70000 } }));
        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "SCHEMA_VALIDATION_FAILED");
        var fields = problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToList();
        Assert.Equal(["payload", "payload/port"], fields.Order(StringComparer.Ordinal));
        var items = await ReadJsonAsync(await app.Admin.GetAsync($"{batch}/items"));
        Assert.Equal(0, items["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Bulk_creation_is_all_or_nothing_and_numbers_the_items_after_the_last_one()
    {
        var (_, batch) = await NewBatchAsync();
        var client = app.ClientFor(TestRole.Operator);
        var bad = await client.PostAsync($"{batch}/items/actions/bulk-create", Json(new
        {
            items = new object[] { new { payload = new { host = "db1" } }, new { payload = new { host = "" } }, new { payload = new { host = "db3" } } },
        }));
        var problem = await AssertProblemAsync(bad, HttpStatusCode.UnprocessableEntity, "SCHEMA_VALIDATION_FAILED");
        Assert.Equal("items[1].payload/host", problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(0, (await ReadJsonAsync(await client.GetAsync($"{batch}/items")))["total"]!.GetValue<int>());

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"{batch}/items", Json(new { sequence_number = 10, payload = new { host = "first" } }))).StatusCode);
        var created = await ReadJsonAsync(await client.PostAsync($"{batch}/items/actions/bulk-create", Json(new
        {
            items = new object[] { new { payload = new { host = "a" } }, new { payload = new { host = "b" } } },
        })));
        Assert.Equal([11, 12], created["items"]!.AsArray().Select(i => i!["sequence_number"]!.GetValue<int>()));

        var clash = await client.PostAsync($"{batch}/items/actions/bulk-create", Json(new
        {
            items = new object[] { new { sequence_number = 20, payload = new { host = "x" } }, new { sequence_number = 11, payload = new { host = "y" } } },
        }));
        var conflict = await AssertProblemAsync(clash, HttpStatusCode.Conflict, "NAME_EXISTS");
        Assert.Equal("items[1].sequence_number", conflict["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(3, (await ReadJsonAsync(await client.GetAsync($"{batch}/items")))["total"]!.GetValue<int>());

        var empty = await AssertProblemAsync(await client.PostAsync($"{batch}/items/actions/bulk-create", Json(new { items = Array.Empty<object>() })),
            HttpStatusCode.BadRequest, "REQUEST_DATA_EMPTY");
        Assert.Equal("items", empty["errors"]![0]!["field"]!.GetValue<string>());
        await AssertProblemAsync(await client.PostAsync($"{batch}/items/actions/bulk-create", Json(new { })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task A_built_in_automation_changes_only_its_tuning_and_cannot_be_deleted_or_imitated()
    {
        var slug = "b-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Builtin" }))).StatusCode);
        var workspace = $"/api/v1/workspaces/{slug}";
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync($"{workspace}/instances", Json(new { name = "db1", db_type = "mysql", host = "10.1.2.3" }))).StatusCode);
        // The first sync makes the workspace's built-in automation.
        Assert.Equal(HttpStatusCode.Accepted, (await app.Admin.PostAsync($"{workspace}/instances/actions/sync-accounts", Json(new { }))).StatusCode);
        var automations = await ReadJsonAsync(await app.Admin.GetAsync($"{workspace}/automations"));
        var builtin = automations["items"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "builtin.accounts-sync")!;
        var url = $"{workspace}/automations/{builtin["id"]!.GetValue<string>()}";
        var version = builtin["version"]!.GetValue<int>();

        var rename = await app.Admin.PatchAsync(url, Json(new { name = "mine", version }));
        Assert.Contains("name", (await AssertProblemAsync(rename, HttpStatusCode.Conflict, "BUILTIN_READ_ONLY"))["detail"]!.GetValue<string>());
        await AssertProblemAsync(await app.Admin.PatchAsync(url, Json(new { handler_config = new { url = "https://example.com" }, version })),
            HttpStatusCode.Conflict, "BUILTIN_READ_ONLY");
        await AssertProblemAsync(await app.Admin.DeleteAsync(url), HttpStatusCode.Conflict, "BUILTIN_READ_ONLY");
        await AssertProblemAsync(await app.Admin.PostAsync($"{url}/batches", Json(new { name = "extra" })), HttpStatusCode.Conflict, "BUILTIN_READ_ONLY");
        var batches = await ReadJsonAsync(await app.Admin.GetAsync($"{url}/batches"));
        var batch = $"{url}/batches/{batches["items"]![0]!["id"]!.GetValue<string>()}";
        await AssertProblemAsync(await app.Admin.DeleteAsync(batch), HttpStatusCode.Conflict, "BUILTIN_READ_ONLY");
        await AssertProblemAsync(await app.Admin.PostAsync($"{batch}/items", Json(new { payload = new { instance_id = Guid.NewGuid() } })),
            HttpStatusCode.Conflict, "BUILTIN_READ_ONLY");

        // Its tuning changes, and the same name and kind sent back with it are no change.
        var tuned = await app.Admin.PatchAsync(url, Json(new { name = "builtin.accounts-sync", handler_kind = "accounts_sync", max_attempts = 5, max_concurrency = 2, version }));
        Assert.Equal(HttpStatusCode.OK, tuned.StatusCode);
        var after = await ReadJsonAsync(await app.Admin.GetAsync(url));
        Assert.Equal((5, 2, "builtin.accounts-sync"), (after["max_attempts"]!.GetValue<int>(), after["max_concurrency"]!.GetValue<int>(), after["name"]!.GetValue<string>()));

        var imitation = await app.Admin.PostAsync($"{workspace}/automations", Json(new { name = "builtin.mine", handler_kind = "noop" }));
        Assert.Equal("name", (await AssertProblemAsync(imitation, HttpStatusCode.BadRequest, "VALIDATION_ERROR"))["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_broken_schema_is_refused_on_its_field()
    {
        var response = await app.ClientFor(TestRole.Operator).PostAsync(Automations, Json(new
        {
            name = "broken" + Guid.NewGuid().ToString("N")[..6],
            handler_kind = "noop",
            item_schema = new { type = "object", properties = new { host = new { pattern = "(unclosed" } } },
        }));
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("item_schema", problem["errors"]![0]!["field"]!.GetValue<string>());

        var unknownHandler = await app.ClientFor(TestRole.Operator).PostAsync(Automations, Json(new { name = "h" + Guid.NewGuid().ToString("N")[..6], handler_kind = "teleport" }));
        Assert.Equal("handler_kind", (await AssertProblemAsync(unknownHandler, HttpStatusCode.BadRequest, "VALIDATION_ERROR"))["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Batch_payloads_follow_the_batch_schema_and_a_changed_schema_applies_to_new_writes()
    {
        var (automation, batch) = await NewBatchAsync(batchSchema: new { type = "object", properties = new { window = new { type = "string" } } });
        var client = app.ClientFor(TestRole.Operator);
        var current = await ReadJsonAsync(await client.GetAsync(batch));
        var refused = await client.PatchAsync(batch, Json(new { payload = new { window = 3 }, version = current["version"]!.GetValue<int>() }));
        Assert.Equal("payload/window", (await AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "SCHEMA_VALIDATION_FAILED"))["errors"]![0]!["field"]!.GetValue<string>());

        var definition = await ReadJsonAsync(await client.GetAsync(automation));
        var loosened = await client.PatchAsync(automation, Json(new { batch_schema = true, version = definition["version"]!.GetValue<int>() }));
        Assert.Equal(HttpStatusCode.OK, loosened.StatusCode);
        var accepted = await client.PatchAsync(batch, Json(new { payload = new { window = 3 }, version = current["version"]!.GetValue<int>() }));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(3, (await ReadJsonAsync(accepted))["payload"]!["window"]!.GetValue<int>());
    }

    [Fact]
    public async Task Names_are_unique_among_active_automations_and_free_again_after_delete()
    {
        var name = "n" + Guid.NewGuid().ToString("N")[..8];
        var client = app.ClientFor(TestRole.Operator);
        var first = await ReadJsonAsync(await client.PostAsync(Automations, Json(new { name, handler_kind = "noop" })));
        await AssertProblemAsync(await client.PostAsync(Automations, Json(new { name, handler_kind = "echo" })), HttpStatusCode.Conflict, "NAME_EXISTS");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Automations}/{first["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Automations}/{first["id"]}/batches")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Automations, Json(new { name, handler_kind = "echo" }))).StatusCode);
    }

    [Fact]
    public async Task An_automation_is_reachable_only_through_its_own_workspace()
    {
        var (automation, _) = await NewBatchAsync();
        var slug = "iso-" + Guid.NewGuid().ToString("N")[..8];
        await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Other" }));
        var id = automation[(automation.LastIndexOf('/') + 1)..];
        await AssertProblemAsync(await app.Admin.GetAsync($"/api/v1/workspaces/{slug}/automations/{id}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertProblemAsync(await app.ClientFor(TestRole.NonMember).GetAsync(automation), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
    }
}

[Collection(SqliteEngineServer.Name)]
public sealed class SqliteAutomationDefinitionTests(SqliteApp app) : AutomationDefinitionTests(app);

[Collection(PostgresEngineServer.Name)]
public sealed class PostgresAutomationDefinitionTests(PostgresApp app) : AutomationDefinitionTests(app);
