using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Common;
using Symphony.Domain.Fleet;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>Classifications through the API: their rules and versions, the rule check, the preview and auto-classify's refusals.</summary>
public abstract class ClassificationTests(SymphonyApp app)
{
    private const string Locked = """{"version": 1, "expr": {"is_locked": {}}}""";

    private async Task<(string Workspace, Guid Instance)> WorkspaceAsync()
    {
        var slug = "k-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Classes" }))).StatusCode);
        var instance = await ReadJsonAsync(await app.Admin.PostAsync($"/api/v1/workspaces/{slug}/instances", Json(new { name = "pg", db_type = "postgresql", host = "pg.internal" })));
        return ($"/api/v1/workspaces/{slug}", Guid.Parse(instance["id"]!.GetValue<string>()));
    }

    /// <summary>
    /// Accounts as a sync leaves them, written directly: one locked, one that can log in, one with no facts yet; the
    /// instance marked synced when <paramref name="synced"/>, as the sync itself would.
    /// </summary>
    private async Task AccountsAsync(Guid instanceId, bool synced = false)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var instance = await db.Instances.SingleAsync(i => i.Id == instanceId);
        var now = (app.Clock ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        if (synced) instance.AccountsSyncedAt = now;
        Account Of(string name, string facts) => new()
        {
            WorkspaceId = instance.WorkspaceId, InstanceId = instance.Id, Name = name, FirstSeenAt = now, LastSeenAt = now, Facts = facts,
        };
        db.Accounts.AddRange(
            Of("old_app", """{"capabilities":["LOCKED"],"roles":[],"inherited_roles":[],"privileges":{}}"""),
            Of("app", """{"capabilities":["LOGIN"],"roles":["readers"],"inherited_roles":[],"privileges":{"tables:shop.s1":["SELECT"]}}"""),
            Of("fresh", "{}"));
        await db.SaveChangesAsync();
    }

    private async Task<JsonNode> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == status, await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    [Fact]
    public async Task A_rule_change_is_a_new_version_and_the_old_one_stays_readable()
    {
        var (workspace, _) = await WorkspaceAsync();
        var created = await OkAsync(await app.Admin.PostAsync($"{workspace}/classifications", Json(new { code = "locked", name = "Locked", risk_level = 2 })), HttpStatusCode.Created);
        var rules = $"{workspace}/classifications/{created["id"]}/rules";
        var v1 = await OkAsync(await app.Admin.PostAsync(rules, Json(new { db_type = "postgresql", rule = JsonNode.Parse(Locked) })), HttpStatusCode.Created);
        var v2 = await OkAsync(await app.Admin.PostAsync(rules, Json(new { db_type = "postgresql", rule = JsonNode.Parse("""{"version": 1, "expr": {"not": {"can_login": {}}}}""") })), HttpStatusCode.Created);
        Assert.Equal((1, 2), (v1["version"]!.GetValue<int>(), v2["version"]!.GetValue<int>()));

        var all = (await OkAsync(await app.Admin.GetAsync($"{rules}?db_type=postgresql")))["items"]!.AsArray();
        Assert.Equal([(2, true), (1, false)], all.Select(r => (r!["version"]!.GetValue<int>(), r["current"]!.GetValue<bool>())));
        // As written (PostgreSQL's jsonb may give the keys back in another order).
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Locked), all[1]!["rule"]), all[1]!["rule"]!.ToJsonString());
        var classification = await OkAsync(await app.Admin.GetAsync($"{workspace}/classifications/{created["id"]}"));
        Assert.Equal(2, classification["rules"]![0]!["version"]!.GetValue<int>());

        await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/classifications", Json(new { code = "locked", name = "Again", risk_level = 2 })),
            HttpStatusCode.Conflict, "NAME_EXISTS");
        var bad = await AssertProblemAsync(await app.Admin.PostAsync($"{workspace}/classifications", Json(new { code = "x", name = "X", risk_level = 7 })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("risk_level", bad["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_invalid_rule_is_refused_with_each_mistake_by_path_and_nothing_is_stored()
    {
        var (workspace, _) = await WorkspaceAsync();
        var created = await OkAsync(await app.Admin.PostAsync($"{workspace}/classifications", Json(new { code = "admins", name = "Admins", risk_level = 5 })), HttpStatusCode.Created);
        var rules = $"{workspace}/classifications/{created["id"]}/rules";
        var problem = await AssertProblemAsync(await app.Admin.PostAsync(rules, Json(new
        {
            db_type = "postgresql",
            rule = JsonNode.Parse("""{"version": 1, "expr": {"or": [{"has_role": {}}, {"is_admin": {}}]}}"""),
        })), HttpStatusCode.UnprocessableEntity, "INVALID_DSL_EXPRESSION");
        Assert.Equal(["rule.expr.or[0].has_role.name", "rule.expr.or[1].is_admin"], problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()));

        // Deeper than the language allows: 422 naming the limit. Deeper than any request body may nest: refused as a whole.
        static StringContent Nested(int depth) => new("{\"db_type\": \"postgresql\", \"rule\": {\"version\": 1, \"expr\": "
            + string.Concat(Enumerable.Repeat("""{"not": """, depth)) + """{"is_locked": {}}""" + new string('}', depth) + "}}",
            System.Text.Encoding.UTF8, "application/json");
        var tooDeep = await AssertProblemAsync(await app.Admin.PostAsync(rules, Nested(25)), HttpStatusCode.UnprocessableEntity, "INVALID_DSL_EXPRESSION");
        Assert.Contains("deeper than 16", tooDeep["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await AssertProblemAsync(await app.Admin.PostAsync(rules, Nested(200)), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var huge = new { db_type = "postgresql", rule = new { version = 1, expr = new { has_role = new { name = new string('r', 20_000) } } } };
        Assert.Contains("at most 16 KiB", (await AssertProblemAsync(await app.Admin.PostAsync(rules, Json(huge)), HttpStatusCode.UnprocessableEntity,
            "INVALID_DSL_EXPRESSION"))["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await OkAsync(await app.Admin.GetAsync(rules)))["items"]!.AsArray());
    }

    [Fact]
    public async Task The_preview_counts_matches_over_the_ledger_without_saving_and_sets_facts_missing_apart()
    {
        var (workspace, instance) = await WorkspaceAsync();
        await AccountsAsync(instance);
        var created = await OkAsync(await app.Admin.PostAsync($"{workspace}/classifications", Json(new { code = "locked", name = "Locked", risk_level = 2 })), HttpStatusCode.Created);
        var preview = await OkAsync(await app.Admin.PostAsync($"{workspace}/classifications/{created["id"]}/rules/actions/preview",
            Json(new { db_type = "postgresql", rule = JsonNode.Parse(Locked) })));
        Assert.Equal((2, 1, 1), (preview["evaluated"]!.GetValue<int>(), preview["matched"]!.GetValue<int>(), preview["without_facts"]!.GetValue<int>()));
        Assert.Equal(["old_app"], preview["accounts"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()));
        Assert.Empty((await OkAsync(await app.Admin.GetAsync($"{workspace}/classifications/{created["id"]}/rules")))["items"]!.AsArray());
    }

    [Fact]
    public async Task Auto_classify_skips_a_never_synced_instance_without_failing_and_an_account_without_facts_answers_facts_missing()
    {
        var (workspace, instance) = await WorkspaceAsync();
        await AccountsAsync(instance);
        // A nightly run over instances some of which were never synced: those are skipped and counted, not failures.
        var run = await OkAsync(await app.Admin.PostAsync($"{workspace}/instances/{instance}/actions/auto-classify?wait=30", null));
        Assert.Equal("completed", run["status"]!.GetValue<string>());
        Assert.Equal((1, 0), (run["counters"]!["skipped"]!.GetValue<int>(), run["counters"]!["failed"]!.GetValue<int>()));
        var item = (await ReadJsonAsync(await app.Admin.GetAsync($"{workspace}/runs/{run["id"]}/items")))["items"]![0]!;
        Assert.Equal("skipped", item["status"]!.GetValue<string>());
        Assert.Contains("no accounts synced yet", item["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, item["attempt_count"]!.GetValue<int>());

        var accounts = (await ReadJsonAsync(await app.Admin.GetAsync($"{workspace}/accounts?limit=10")))["items"]!.AsArray()
            .ToDictionary(a => a!["name"]!.GetValue<string>(), a => a!["id"]!.GetValue<string>());
        await AssertProblemAsync(await app.Admin.GetAsync($"{workspace}/accounts/{accounts["fresh"]}/classifications"), HttpStatusCode.Conflict, "PERMISSION_FACTS_MISSING");
        Assert.Empty((await OkAsync(await app.Admin.GetAsync($"{workspace}/accounts/{accounts["app"]}/classifications"))).AsArray());
    }

    [Fact]
    public async Task A_classification_holding_accounts_is_deleted_only_with_force_and_its_accounts_history_says_they_left()
    {
        var (workspace, instance) = await WorkspaceAsync();
        await AccountsAsync(instance, synced: true);
        var created = await OkAsync(await app.Admin.PostAsync($"{workspace}/classifications", Json(new { code = "dormant", name = "Dormant", risk_level = 3 })), HttpStatusCode.Created);
        await OkAsync(await app.Admin.PostAsync($"{workspace}/classifications/{created["id"]}/rules",
            Json(new { db_type = "postgresql", rule = JsonNode.Parse(Locked) })), HttpStatusCode.Created);
        Assert.Equal("completed", (await OkAsync(await app.Admin.PostAsync($"{workspace}/instances/{instance}/actions/auto-classify?wait=30", null)))["status"]!.GetValue<string>());

        var refused = await AssertProblemAsync(await app.Admin.DeleteAsync($"{workspace}/classifications/{created["id"]}"), HttpStatusCode.Conflict, "CLASSIFICATION_IN_USE");
        Assert.Contains("1 account(s)", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await OkAsync(await app.Admin.GetAsync($"{workspace}/classifications/{created["id"]}"));
        await AssertProblemAsync(await app.Admin.DeleteAsync($"{workspace}/classifications/{created["id"]}?force=maybe"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin.DeleteAsync($"{workspace}/classifications/{created["id"]}?force=true")).StatusCode);
        await AssertProblemAsync(await app.Admin.GetAsync($"{workspace}/classifications/{created["id"]}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        var oldApp = (await OkAsync(await app.Admin.GetAsync($"{workspace}/accounts?search=old_app")))["items"]![0]!["id"]!.GetValue<string>();
        var changes = (await OkAsync(await app.Admin.GetAsync($"{workspace}/accounts/{oldApp}/changes")))["items"]!.AsArray();
        var left = changes.Single(c => c!["diff"]!["removed"]!.AsArray().Count > 0)!;
        Assert.Equal(["classification:dormant (rule v1)"], left["diff"]!["removed"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Empty((await OkAsync(await app.Admin.GetAsync($"{workspace}/accounts/{oldApp}/classifications"))).AsArray());
    }

    [Fact]
    public async Task A_rule_holds_at_most_ten_patterns_and_a_classification_at_most_a_hundred_versions()
    {
        var (workspace, _) = await WorkspaceAsync();
        var created = await OkAsync(await app.Admin.PostAsync($"{workspace}/classifications", Json(new { code = "named", name = "Named", risk_level = 2 })), HttpStatusCode.Created);
        var rules = $"{workspace}/classifications/{created["id"]}/rules";
        object Patterns(int count) => new
        {
            db_type = "postgresql",
            rule = new { version = 1, expr = new { or = Enumerable.Range(0, count).Select(i => new { name_matches = new { pattern = $"^app{i}_" } }).ToArray() } },
        };
        var problem = await AssertProblemAsync(await app.Admin.PostAsync(rules, Json(Patterns(11))), HttpStatusCode.UnprocessableEntity, "INVALID_DSL_EXPRESSION");
        Assert.Equal("rule.expr.or[10].name_matches", problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Contains("at most 10 name_matches", problem["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await AssertProblemAsync(await app.Admin.PostAsync($"{rules}/actions/preview", Json(Patterns(11))), HttpStatusCode.UnprocessableEntity, "INVALID_DSL_EXPRESSION");

        // Versions of every db type count together, so that no classification piles up rules without end.
        for (var i = 0; i < 100; i++)
            await OkAsync(await app.Admin.PostAsync(rules, Json(new { db_type = i % 2 == 0 ? "postgresql" : "mysql", rule = JsonNode.Parse(Locked) })), HttpStatusCode.Created);
        await AssertProblemAsync(await app.Admin.PostAsync(rules, Json(new { db_type = "postgresql", rule = JsonNode.Parse(Locked) })),
            HttpStatusCode.Conflict, "LIMIT_EXCEEDED");
    }

    [Fact]
    public async Task A_callers_previews_are_limited_and_the_refusal_says_when_to_try_again()
    {
        var (workspace, instance) = await WorkspaceAsync();
        await AccountsAsync(instance);
        var created = await OkAsync(await app.Admin.PostAsync($"{workspace}/classifications", Json(new { code = "locked", name = "Locked", risk_level = 2 })), HttpStatusCode.Created);
        // A viewer of its own, so that no other test's previews count against it.
        var name = "previewer-" + Guid.NewGuid().ToString("N")[..8];
        var user = await app.CreateUserAsync(name, "viewer");
        await app.AddMemberAsync(workspace.Split('/')[^1], user, "viewer");
        using var session = await app.LoginAsync(name, UserPassword);
        using var viewer = session.Bearer(app);
        var preview = $"{workspace}/classifications/{created["id"]}/rules/actions/preview";
        // Thirty a minute: thirty pass before the first refusal, or up to thirty more when the minute turns meanwhile.
        var passed = 0;
        HttpResponseMessage refused;
        while ((refused = await viewer.PostAsync(preview, Json(new { db_type = "postgresql", rule = JsonNode.Parse(Locked) }))).StatusCode == HttpStatusCode.OK)
            Assert.InRange(++passed, 1, 60);
        Assert.InRange(passed, 30, 60);
        await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        // Another caller is not held back by it.
        await OkAsync(await app.Admin.PostAsync(preview, Json(new { db_type = "postgresql", rule = JsonNode.Parse(Locked) })));
    }

    [Fact]
    public async Task An_automation_cannot_classify_or_sync_an_instance_of_another_workspace()
    {
        var (mine, _) = await WorkspaceAsync();
        var (_, theirs) = await WorkspaceAsync();
        foreach (var kind in new[] { "auto_classify", "accounts_sync" })
        {
            var automation = await OkAsync(await app.Admin.PostAsync($"{mine}/automations", Json(new { name = "a" + Guid.NewGuid().ToString("N")[..8], handler_kind = kind, max_attempts = 1 })),
                HttpStatusCode.Created);
            var automations = $"{mine}/automations/{automation["id"]}";
            var batch = await OkAsync(await app.Admin.PostAsync($"{automations}/batches", Json(new { name = "b" })), HttpStatusCode.Created);
            await OkAsync(await app.Admin.PostAsync($"{automations}/batches/{batch["id"]}/items", Json(new { payload = new { instance_id = theirs } })), HttpStatusCode.Created);
            var run = await OkAsync(await app.Admin.PostAsync($"{automations}/runs?wait=30", null));
            Assert.Equal("failed", run["status"]!.GetValue<string>());
            var item = (await ReadJsonAsync(await app.Admin.GetAsync($"{mine}/runs/{run["id"]}/items")))["items"]![0]!;
            Assert.Contains("does not exist in the run's workspace", item["error"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }
}

[Collection(SqliteLedgerServer.Name)]
public sealed class SqliteClassificationTests(SqliteApp app) : ClassificationTests(app);

[Collection(PostgresLedgerServer.Name)]
public sealed class PostgresClassificationTests(PostgresApp app) : ClassificationTests(app);
