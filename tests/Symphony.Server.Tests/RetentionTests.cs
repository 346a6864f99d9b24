using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Common;
using Symphony.Domain.Audit;
using Symphony.Domain.Capacity;
using Symphony.Domain.Fleet;
using Symphony.Domain.Scheduler;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>The built-in retention job, run now in a workspace of its own over records made old on purpose.</summary>
public abstract class RetentionTests(SymphonyApp app)
{
    private static readonly DateTime Old = DateTime.UtcNow.AddDays(-500);

    private async Task<T> InDbAsync<T>(Func<IApplicationDbContext, Task<T>> work)
    {
        using var scope = app.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<IApplicationDbContext>());
    }

    private async Task<JsonNode> PostAsync(string path, object? body = null)
    {
        var response = await app.Admin.PostAsync(path, body is null ? null : Json(body));
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await ReadJsonAsync(response);
    }

    private async Task<(Guid Automation, List<Guid> Runs)> AutomationWithRunsAsync(string w, int runs)
    {
        var automation = (await PostAsync($"{w}/automations", new { name = "r" + Guid.NewGuid().ToString("N")[..8], handler_kind = "echo" }))["id"]!.GetValue<string>();
        var batch = (await PostAsync($"{w}/automations/{automation}/batches", new { name = "b" }))["id"]!.GetValue<string>();
        await PostAsync($"{w}/automations/{automation}/batches/{batch}/items", new { payload = new { n = 1 } });
        var ids = new List<Guid>();
        for (var i = 0; i < runs; i++)
        {
            var run = await PostAsync($"{w}/automations/{automation}/runs?wait=20");
            Assert.Equal("completed", run["status"]!.GetValue<string>());
            ids.Add(Guid.Parse(run["id"]!.GetValue<string>()));
        }
        return (Guid.Parse(automation), ids);
    }

    [Fact]
    public async Task Retention_deletes_what_is_past_its_age_keeps_each_automations_latest_run_and_the_account_change_log()
    {
        var slug = "ret-" + Guid.NewGuid().ToString("N")[..8];
        await PostAsync("/api/v1/workspaces", new { slug, name = "Retention" });
        var w = $"/api/v1/workspaces/{slug}";
        var workspaceId = await InDbAsync(db => db.Workspaces.Where(x => x.Slug == slug).Select(x => x.Id).SingleAsync());

        var (_, runs) = await AutomationWithRunsAsync(w, 3);
        var (_, lone) = await AutomationWithRunsAsync(w, 1);
        Guid[] aged = [runs[0], runs[1], lone[0]];
        await InDbAsync(db => db.Runs.Where(r => aged.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.FinishedAt, Old).SetProperty(r => r.CreatedAt, r => r.CreatedAt.AddDays(-500))));

        var instance = Guid.Parse((await PostAsync($"{w}/instances", new { name = "db1", db_type = "postgresql", host = "db1.invalid" }))["id"]!.GetValue<string>());
        var engine = (await PostAsync($"{w}/engines", new { name = "e", type = "http", base_url = "http://engine.invalid:9" }))["id"]!.GetValue<string>();
        var unlinked = Guid.Parse((await PostAsync($"{w}/orchestration-instances", new { engine_id = engine, external_id = "old", status = "completed" }))["id"]!.GetValue<string>());
        var linked = Guid.Parse((await PostAsync($"{w}/orchestration-instances", new { engine_id = engine, external_id = "linked", status = "completed" }))["id"]!.GetValue<string>());
        await PostAsync($"{w}/runs/{runs[2]}/orchestrations", new { orchestration_instance_id = linked });

        await InDbAsync(async db =>
        {
            var database = new InstanceDatabase { WorkspaceId = workspaceId, InstanceId = instance, Name = "app", FirstSeenAt = Old, LastSeenAt = DateTime.UtcNow };
            db.InstanceDatabases.Add(database);
            foreach (var day in new[] { DateOnly.FromDateTime(Old), DateOnly.FromDateTime(DateTime.UtcNow) })
            {
                db.DatabaseSizeStats.Add(new DatabaseSizeStat { WorkspaceId = workspaceId, InstanceId = instance, DatabaseId = database.Id, Day = day, SizeBytes = 1, CollectedAt = DateTime.UtcNow });
                db.InstanceSizeStats.Add(new InstanceSizeStat { WorkspaceId = workspaceId, InstanceId = instance, Day = day, TotalSizeBytes = 1, DatabaseCount = 1, CollectedAt = DateTime.UtcNow });
            }
            foreach (var when in new[] { Old, DateTime.UtcNow })
            {
                db.Firings.Add(new Firing { WorkspaceId = workspaceId, JobId = "old-or-new", ScheduledAt = when, FiredAt = when, Outcome = FiringOutcome.Skipped, Node = "test" });
                db.AuditEvents.Add(new AuditEvent { WorkspaceId = workspaceId, Action = "test.event", OccurredAt = when });
            }
            // A fleet sync's batches: one old and run by no run that is left, one of today.
            var sync = new Symphony.Domain.Automations.Automation
            {
                WorkspaceId = workspaceId, Name = Symphony.Domain.Automations.BuiltIns.AccountsSync.Name, HandlerKind = "accounts_sync",
            };
            db.Automations.Add(sync);
            foreach (var (name, when) in new[] { ("spent", Old), ("fresh", DateTime.UtcNow) })
            {
                var batch = new Symphony.Domain.Automations.Batch { AutomationId = sync.Id, Name = name };
                db.Batches.Add(batch);
                db.Items.Add(new Symphony.Domain.Automations.Item { BatchId = batch.Id, SequenceNumber = 1, Payload = "{}" });
            }
            var account = new Account { WorkspaceId = workspaceId, InstanceId = instance, Name = "app", FirstSeenAt = Old, LastSeenAt = Old, Snapshot = "{}", Facts = "{}" };
            db.Accounts.Add(account);
            db.AccountChanges.Add(new AccountChange
            {
                WorkspaceId = workspaceId, InstanceId = instance, AccountId = account.Id, AccountName = "app", Kind = AccountChangeKind.Created, Diff = "{}", OccurredAt = Old,
            });
            return await db.SaveChangesAsync();
        });
        await InDbAsync(db => db.OrchestrationInstances.Where(o => o.Id == unlinked || o.Id == linked).ExecuteUpdateAsync(s => s.SetProperty(o => o.UpdatedAt, Old)));
        await InDbAsync(db => db.Batches.Where(b => b.Name == "spent").ExecuteUpdateAsync(s => s.SetProperty(b => b.CreatedAt, Old)));
        // What goes: the two old runs of the first automation, their item executions and their history.
        var expected = await InDbAsync(db => db.ItemStateHistory.CountAsync(h => h.RunId == runs[0] || h.RunId == runs[1]))
            + await InDbAsync(db => db.ItemExecutions.CountAsync(e => e.RunId == runs[0] || e.RunId == runs[1])) + 2;
        Assert.True(expected >= 8);

        var response = await app.Admin.PostAsync($"{w}/scheduler/jobs/retention/actions/run?wait=30", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await ReadJsonAsync(response);
        var items = (await ReadJsonAsync(await app.Admin.GetAsync($"{w}/runs/{run["id"]}/items?limit=20")))["items"]!.AsArray();
        Assert.True(run["status"]!.GetValue<string>() == "completed", string.Join("\n", items.Select(i => i!["error"]?.ToString())));
        var results = items.ToDictionary(i => i!["result"]!["kind"]!.GetValue<string>(), i => i!["result"]!);
        Assert.Equal(["account_changes", "audit", "capacity", "firings", "orchestration", "runs"], results.Keys.Order());
        Assert.True(results["account_changes"]["kept"]!.GetValue<bool>());

        // On PostgreSQL, months wholly past their age are dropped whole by partition maintenance, not deleted row by row.
        Assert.Equal("completed", (await ReadJsonAsync(await app.Admin.PostAsync($"{w}/scheduler/jobs/partition-maintenance/actions/run?wait=30", null)))["status"]!.GetValue<string>());

        // Old finished runs went with their rows; the newest run of each automation stayed, however old.
        var left = await InDbAsync(db => db.Runs.Where(r => r.WorkspaceId == workspaceId).Select(r => r.Id).ToListAsync());
        Assert.DoesNotContain(runs[0], left);
        Assert.DoesNotContain(runs[1], left);
        Assert.Contains(runs[2], left);
        Assert.Contains(lone[0], left);
        Assert.Equal(0, await InDbAsync(db => db.ItemStateHistory.CountAsync(h => h.RunId == runs[0] || h.RunId == runs[1])));
        Assert.Equal(0, await InDbAsync(db => db.ItemExecutions.CountAsync(e => e.RunId == runs[0] || e.RunId == runs[1])));
        Assert.Equal(0, await InDbAsync(db => db.BatchExecutions.CountAsync(e => e.RunId == runs[0] || e.RunId == runs[1])));
        Assert.Equal(expected, results["runs"]["deleted"]!.GetValue<long>());

        Assert.Equal(1, await InDbAsync(db => db.Firings.CountAsync(f => f.WorkspaceId == workspaceId && f.JobId == "old-or-new")));
        Assert.Equal(1, await InDbAsync(db => db.DatabaseSizeStats.CountAsync(s => s.WorkspaceId == workspaceId)));
        Assert.Equal(1, await InDbAsync(db => db.InstanceSizeStats.CountAsync(s => s.WorkspaceId == workspaceId)));
        Assert.Equal(1, await InDbAsync(db => db.AuditEvents.CountAsync(e => e.WorkspaceId == workspaceId && e.Action == "test.event")));
        var orchestrations = await InDbAsync(db => db.OrchestrationInstances.Where(o => o.WorkspaceId == workspaceId).Select(o => o.Id).ToListAsync());
        Assert.Equal([linked], orchestrations);
        Assert.Equal(1, await InDbAsync(db => db.AccountChanges.CountAsync(c => c.WorkspaceId == workspaceId)));
        var syncBatches = await InDbAsync(db => (from b in db.Batches
                                                 join a in db.Automations on b.AutomationId equals a.Id
                                                 where a.WorkspaceId == workspaceId && a.Name == Symphony.Domain.Automations.BuiltIns.AccountsSync.Name
                                                 select b.Name).ToListAsync());
        Assert.Equal(["fresh"], syncBatches);

        // A second run finds nothing more to delete.
        var again = await ReadJsonAsync(await app.Admin.PostAsync($"{w}/scheduler/jobs/retention/actions/run?wait=30", null));
        var second = (await ReadJsonAsync(await app.Admin.GetAsync($"{w}/runs/{again["id"]}/items?limit=20")))["items"]!.AsArray();
        Assert.All(second.Where(i => i!["result"]!["deleted"] is not null), i => Assert.Equal(0, i!["result"]!["deleted"]!.GetValue<long>()));
    }
}

[Collection(SqliteEngineServer.Name)]
public sealed class SqliteRetentionTests(SqliteApp app) : RetentionTests(app);

[Collection(PostgresEngineServer.Name)]
public sealed class PostgresRetentionTests(PostgresApp app) : RetentionTests(app);
