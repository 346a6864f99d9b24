using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Common;
using Symphony.Domain.Fleet;
using Symphony.Infrastructure.Persistence;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>A server whose rules have next to no time: every preview and classification pass runs out of it.</summary>
public sealed class TightRuleBudgetApp() : SymphonyApp(DatabaseProvider.Sqlite)
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
        [new("Symphony:Classification:PreviewBudget", "00:00:00.0000001"), new("Symphony:Classification:PassBudget", "00:00:00.0000001")];
}

/// <summary>A preview or a pass that runs past its time budget stops with RULE_BUDGET_EXCEEDED and saves nothing.</summary>
public sealed class RuleBudgetTests(TightRuleBudgetApp app) : IClassFixture<TightRuleBudgetApp>
{
    [Fact]
    public async Task A_preview_and_a_classification_past_their_budget_stop_with_a_clear_error_and_save_nothing()
    {
        var slug = "b-" + Guid.NewGuid().ToString("N")[..10];
        var workspace = $"/api/v1/workspaces/{slug}";
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Budget" }))).StatusCode);
        var instance = Guid.Parse((await ReadJsonAsync(await app.Admin.PostAsync($"{workspace}/instances",
            Json(new { name = "pg", db_type = "postgresql", host = "pg.internal" }))))["id"]!.GetValue<string>());
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            var stored = await db.Instances.SingleAsync(i => i.Id == instance);
            stored.AccountsSyncedAt = DateTime.UtcNow;
            db.Accounts.AddRange(Enumerable.Range(0, 50).Select(i => new Account
            {
                WorkspaceId = stored.WorkspaceId, InstanceId = instance, Name = $"app{i}", FirstSeenAt = DateTime.UtcNow, LastSeenAt = DateTime.UtcNow,
                Facts = """{"capabilities":["LOCKED"],"roles":[],"inherited_roles":[],"privileges":{}}""",
            }));
            await db.SaveChangesAsync();
        }
        var classification = await ReadJsonAsync(await app.Admin.PostAsync($"{workspace}/classifications", Json(new { code = "locked", name = "Locked", risk_level = 2 })));
        var rules = $"{workspace}/classifications/{classification["id"]}/rules";
        var rule = new { db_type = "postgresql", rule = JsonNode.Parse("""{"version": 1, "expr": {"name_matches": {"pattern": "^app"}}}""") };

        var stopped = await AssertProblemAsync(await app.Admin.PostAsync($"{rules}/actions/preview", Json(rule)),
            HttpStatusCode.UnprocessableEntity, "RULE_BUDGET_EXCEEDED");
        Assert.Contains("The preview stopped after", stopped["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync(rules, Json(rule))).StatusCode);
        var run = await ReadJsonAsync(await app.Admin.PostAsync($"{workspace}/instances/{instance}/actions/auto-classify?wait=30", null));
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        var item = (await ReadJsonAsync(await app.Admin.GetAsync($"{workspace}/runs/{run["id"]}/items")))["items"]![0]!;
        Assert.StartsWith("RULE_BUDGET_EXCEEDED", item["error"]!.GetValue<string>(), StringComparison.Ordinal);
        // Not retried (a retry would run out of time the same way), and nothing of the pass was saved.
        Assert.Equal(1, item["attempt_count"]!.GetValue<int>());
        Assert.Equal(0, (await ReadJsonAsync(await app.Admin.GetAsync($"{workspace}/classifications/{classification["id"]}/accounts")))["total"]!.GetValue<int>());
    }
}
