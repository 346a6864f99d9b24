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
            var batch = new Batch { AutomationId = a.Id, Name = "b" };
            var source = new Item { BatchId = batch.Id };
            var execution = Guid.CreateVersion7();
            var item = new ItemExecution
            {
                RunId = run.Id, BatchExecutionId = execution, ItemId = source.Id, AutomationId = a.Id, Status = ExecutionStatus.Failed, Error = Leaked,
            };
            var history = new ItemStateHistory
            {
                ItemExecutionId = item.Id, RunId = run.Id, FromStatus = ExecutionStatus.Processing, ToStatus = ExecutionStatus.Failed, OccurredAt = DateTime.UtcNow,
                Reason = Leaked,
            };
            return (Automation: a, Run: run, Batch: batch, Source: source, Execution: execution, Item: item, History: history);
        }).ToList();
        await using (var db = _database.NewContext())
        {
            db.Add(workspace);
            foreach (var (automation, run, batch, source, _, _, _) in items) db.AddRange(automation, run, batch, source);
            await db.SaveChangesAsync();
            foreach (var (_, run, batch, _, execution, item, history) in items)
            {
                await InsertBatchExecutionAsync(db, execution, run.Id, batch.Id);
                db.AddRange(item, history);
            }
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

    private const string BeforeExecutionModel = "20261207000024_LastSyncResults";

    [Fact]
    public async Task Batch_executions_stored_before_their_status_get_it_from_their_items()
    {
        var (run, batches) = await RunBeforeExecutionModelAsync(
            [ExecutionStatus.Completed, ExecutionStatus.Skipped], [ExecutionStatus.Completed, ExecutionStatus.Failed], [ExecutionStatus.Completed, ExecutionStatus.Pending]);

        await using (var db = _database.NewContext())
            await db.Database.MigrateAsync();

        await using var read = _database.NewContext();
        var stored = await read.BatchExecutions.Where(b => b.RunId == run.Id).ToDictionaryAsync(b => b.Id);
        Assert.Equal([ExecutionStatus.Completed, ExecutionStatus.Failed, ExecutionStatus.Processing], batches.Select(b => stored[b].Status));
        Assert.All(stored.Values, b => Assert.Equal(run.StartedAt!.Value, b.StartedAt!.Value, TimeSpan.FromMilliseconds(1)));
        var lastFinished = await read.ItemExecutions.Where(i => i.BatchExecutionId == batches[1]).MaxAsync(i => i.FinishedAt);
        Assert.Equal(lastFinished!.Value, stored[batches[1]].FinishedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Null(stored[batches[2]].FinishedAt);
    }

    [Fact]
    public async Task An_item_twice_in_one_run_stops_the_upgrade_with_a_message_and_changes_nothing()
    {
        var (run, _) = await RunBeforeExecutionModelAsync([ExecutionStatus.Completed]);
        await using (var db = _database.NewContext())
        {
            var twice = await db.ItemExecutions.AsNoTracking().SingleAsync(i => i.RunId == run.Id);
            twice.Id = Guid.CreateVersion7();
            db.Add(twice);
            await db.SaveChangesAsync();
        }

        await AssertUpgradeStopsAsync("more than one row for one (run_id, item_id)");
    }

    [Fact]
    public async Task An_execution_of_an_item_that_is_gone_stops_the_upgrade_with_a_message()
    {
        var (run, _) = await RunBeforeExecutionModelAsync([ExecutionStatus.Completed]);
        await using (var db = _database.NewContext())
            await db.ItemExecutions.Where(i => i.RunId == run.Id).ExecuteUpdateAsync(set => set.SetProperty(i => i.ItemId, Guid.NewGuid()));

        await AssertUpgradeStopsAsync("naming an item or a batch execution of their run that does not exist");
    }

    private async Task AssertUpgradeStopsAsync(string message)
    {
        await using (var db = _database.NewContext())
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.MigrateAsync());
            Assert.Contains("Upgrade stopped before changing anything", error.Message, StringComparison.Ordinal);
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }
        await using var read = _database.NewContext();
        Assert.Equal(BeforeExecutionModel, (await read.Database.GetAppliedMigrationsAsync()).Last());
        // Nothing of the migration stays: the batch status it adds after its check is not there.
        await Assert.ThrowsAnyAsync<Exception>(() => read.Database.ExecuteSqlRawAsync("UPDATE batch_executions SET status = status"));
    }

    /// <summary>
    /// A run stored before batch executions had a status: one batch execution per list of item statuses, each item
    /// finished a minute apart when its status is finished. Answers the run and its batch executions' ids in order.
    /// </summary>
    private async Task<(Run Run, List<Guid> Batches)> RunBeforeExecutionModelAsync(params ExecutionStatus[][] batches)
    {
        await using (var db = _database.NewContext())
            await db.Database.GetService<IMigrator>().MigrateAsync(BeforeExecutionModel);
        var started = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
        var workspace = new Workspace { Slug = "e", Name = "E" };
        var automation = new Automation { WorkspaceId = workspace.Id, Name = "work", HandlerKind = HandlerKinds.Noop };
        var run = new Run { WorkspaceId = workspace.Id, AutomationId = automation.Id, Status = ExecutionStatus.Processing, StartedAt = started };
        await using var write = _database.NewContext();
        write.AddRange(workspace, automation, run);
        await write.SaveChangesAsync();
        var ids = new List<Guid>();
        foreach (var statuses in batches)
        {
            var batch = new Batch { AutomationId = automation.Id, Name = $"b{ids.Count}" };
            write.Add(batch);
            await write.SaveChangesAsync();
            var execution = Guid.CreateVersion7();
            await InsertBatchExecutionAsync(write, execution, run.Id, batch.Id);
            ids.Add(execution);
            foreach (var (status, n) in statuses.Select((status, n) => (status, n)))
            {
                var item = new Item { BatchId = batch.Id, SequenceNumber = n };
                write.AddRange(item, new ItemExecution
                {
                    RunId = run.Id, BatchExecutionId = execution, ItemId = item.Id, AutomationId = automation.Id, Status = status,
                    FinishedAt = ExecutionTransitions.IsFinished(status) ? started.AddMinutes(n + 1) : null,
                });
            }
            await write.SaveChangesAsync();
        }
        return (run, ids);
    }

    /// <summary>A batch_executions row as the schema before its status had it (the model now maps columns it lacked).</summary>
    private static Task<int> InsertBatchExecutionAsync(SymphonyDbContext db, Guid id, Guid runId, Guid batchId)
    {
        var stored = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
        return db.Database.ExecuteSqlAsync($"INSERT INTO batch_executions (id, created_at, updated_at, run_id, batch_id) VALUES ({id}, {stored}, {stored}, {runId}, {batchId})");
    }
}


public sealed class SqliteMigrationDataTests() : MigrationDataTests(DatabaseProvider.Sqlite);

public sealed class PostgresMigrationDataTests() : MigrationDataTests(DatabaseProvider.PostgreSql);
