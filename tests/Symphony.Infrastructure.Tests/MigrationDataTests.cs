using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Symphony.Domain.Automations;
using Symphony.Domain.Runs;
using Symphony.Domain.Workspaces;
using Symphony.Infrastructure.Persistence;
using Symphony.Testing;

namespace Symphony.Infrastructure.Tests;

/// <summary>Migrations that change rows, not only the schema, run over rows written before them, on each provider.</summary>
public abstract class MigrationDataTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Webhook_delivery_errors_that_named_the_full_url_lose_it_and_other_errors_stay()
    {
        const string Leaked = "POST https://hooks.slack.com/services/T0001/B0002/XyZsecretToken answered 404 Not Found";
        await using (var db = _database.NewContext())
            await db.Database.GetService<IMigrator>().MigrateAsync("20261207000020_TargetTls");
        var workspace = new Workspace { Slug = "m", Name = "M" };
        var deliveries = new Automation { WorkspaceId = workspace.Id, Name = BuiltIns.Webhooks.Name, HandlerKind = HandlerKinds.Webhook };
        var http = new Automation { WorkspaceId = workspace.Id, Name = "posts", HandlerKind = HandlerKinds.Http };
        var items = new[] { deliveries, http }.Select(a =>
        {
            var run = new Run { WorkspaceId = workspace.Id, AutomationId = a.Id, Status = ExecutionStatus.Failed };
            var batch = new BatchExecution { RunId = run.Id, BatchId = Guid.NewGuid() };
            var item = new ItemExecution
            {
                RunId = run.Id, BatchExecutionId = batch.Id, ItemId = Guid.NewGuid(), AutomationId = a.Id, Status = ExecutionStatus.Failed, Error = Leaked,
            };
            var history = new ItemStateHistory
            {
                ItemExecutionId = item.Id, RunId = run.Id, FromStatus = ExecutionStatus.Processing, ToStatus = ExecutionStatus.Failed, OccurredAt = DateTime.UtcNow,
                Reason = Leaked,
            };
            return (Automation: a, Run: run, Batch: batch, Item: item, History: history);
        }).ToList();
        await using (var db = _database.NewContext())
        {
            db.Add(workspace);
            foreach (var (automation, run, batch, item, history) in items) db.AddRange(automation, run, batch, item, history);
            await db.SaveChangesAsync();
        }

        await using (var db = _database.NewContext())
            await db.Database.MigrateAsync();

        await using var read = _database.NewContext();
        var delivery = await read.ItemExecutions.SingleAsync(i => i.Id == items[0].Item.Id);
        Assert.DoesNotContain("XyZsecretToken", delivery.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("XyZsecretToken", (await read.ItemStateHistory.SingleAsync(h => h.ItemExecutionId == delivery.Id)).Reason, StringComparison.Ordinal);
        // An http automation's error names the URL its own users configured: it stays.
        Assert.Equal(Leaked, (await read.ItemExecutions.SingleAsync(i => i.Id == items[1].Item.Id)).Error);
    }
}

public sealed class SqliteMigrationDataTests() : MigrationDataTests(DatabaseProvider.Sqlite);

public sealed class PostgresMigrationDataTests() : MigrationDataTests(DatabaseProvider.PostgreSql);
