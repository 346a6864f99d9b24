using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Domain.Automations;
using Symphony.Domain.Runs;
using Symphony.Domain.Workspaces;
using Symphony.Infrastructure.Persistence;
using Symphony.Infrastructure.Runs;
using Symphony.Testing;

namespace Symphony.Infrastructure.Tests;

/// <summary>The queue's guarantees, driven directly (no hosted worker), on each provider.</summary>
public abstract class RunQueueTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private ItemClaims _claims = null!;
    private ItemOutcomes _outcomes = null!;
    private QueueMaintenance _maintenance = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync(provider);
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<ICurrentUser>(_ => new FixedCaller(null));
        services.AddDbContext<SymphonyDbContext>(o => DatabaseSetup.Configure(o,
            new DatabaseOptions { Provider = provider, ConnectionString = _database.ConnectionString },
            new SymphonyOptions { DataDirectory = _database.Directory }));
        _services = services.BuildServiceProvider();
        var store = new QueueStore(_services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System);
        _claims = new ItemClaims(store);
        _maintenance = new QueueMaintenance(store);
        _outcomes = new ItemOutcomes(store, _maintenance);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>Records one attempt's outcome; false when the lease was lost.</summary>
    private async Task<bool> FinishAsync(ClaimedItem item, ItemOutcome outcome, string worker, long durationMs, CancellationToken ct) =>
        (await _outcomes.FinishManyAsync([new FinishedItem(item, outcome, durationMs)], worker, ct)).Contains(item.Id);

    /// <summary>A processing run of <paramref name="items"/> due items, dealt in turn to <paramref name="batches"/> batches.</summary>
    private async Task<Guid> QueueRunAsync(int items, int maxConcurrency = 100, int maxAttempts = 3, int batches = 1)
    {
        await using var db = _database.NewContext();
        var workspace = new Workspace { Slug = "q" + Guid.NewGuid().ToString("N")[..8], Name = "Q" };
        var automation = new Domain.Automations.Automation
        {
            WorkspaceId = workspace.Id, Name = "a", HandlerKind = HandlerKinds.Noop, MaxConcurrency = maxConcurrency, MaxAttempts = maxAttempts, RetryDelaySeconds = 0,
        };
        // The queue reads the system clock (TimeProvider.System above): the items are due by it.
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var run = new Run { WorkspaceId = workspace.Id, AutomationId = automation.Id };
        run.TransitionTo(ExecutionStatus.Processing, now);
        db.AddRange(workspace, automation, run);
        var executions = Enumerable.Range(0, batches).Select(b =>
        {
            var batch = new Batch { AutomationId = automation.Id, Name = $"b{b}" };
            db.Add(batch);
            return BatchExecution.Start(run.Id, batch.Id, nothingToDo: false, now);
        }).ToList();
        db.AddRange(executions);
        foreach (var n in Enumerable.Range(0, items))
        {
            var execution = executions[n % batches];
            var item = new Item { BatchId = execution.BatchId, SequenceNumber = n };
            db.AddRange(item, new ItemExecution
            {
                RunId = run.Id, BatchExecutionId = execution.Id, ItemId = item.Id, AutomationId = automation.Id,
                MaxAttempts = maxAttempts, NextAttemptAt = now.AddSeconds(-1), Payload = "{}",
            });
        }
        await db.SaveChangesAsync();
        return run.Id;
    }

    [Fact]
    public async Task Concurrent_claimers_never_take_the_same_item()
    {
        await QueueRunAsync(400, maxConcurrency: 1000);
        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(async w =>
        {
            var mine = new List<Guid>();
            while (true)
            {
                var batch = await _claims.ClaimAsync($"worker-{w}", 16, TimeSpan.FromMinutes(1), CancellationToken.None);
                if (batch.Count == 0) return mine;
                mine.AddRange(batch.Select(c => c.Id));
            }
        }));
        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(400, all.Count);
        Assert.Equal(400, all.Distinct().Count());
    }

    [Fact]
    public async Task A_claim_respects_the_automations_concurrency_bound()
    {
        await QueueRunAsync(10, maxConcurrency: 3);
        var first = await _claims.ClaimAsync("a", 10, TimeSpan.FromMinutes(1), CancellationToken.None);
        var second = await _claims.ClaimAsync("b", 10, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(3, first.Count);
        Assert.Empty(second);

        await FinishAsync(first[0], ItemOutcome.Success(), "a", 1, CancellationToken.None);
        Assert.Single(await _claims.ClaimAsync("b", 10, TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_lease_is_reaped_and_the_old_owner_cannot_record_a_result()
    {
        var runId = await QueueRunAsync(1);
        var lost = (await _claims.ClaimAsync("dead", 1, TimeSpan.FromMilliseconds(1), CancellationToken.None)).Single();
        await Task.Delay(50);
        Assert.Equal(1, await _maintenance.ReapExpiredLeasesAsync(CancellationToken.None));

        var taken = (await _claims.ClaimAsync("alive", 1, TimeSpan.FromMinutes(1), CancellationToken.None)).Single();
        Assert.Equal(lost.Id, taken.Id);
        Assert.Equal(2, taken.Attempt);
        Assert.False(await FinishAsync(lost, ItemOutcome.Success(), "dead", 1, CancellationToken.None));
        Assert.True(await FinishAsync(taken, ItemOutcome.Success(), "alive", 1, CancellationToken.None));

        await using var db = _database.NewContext();
        Assert.Equal(ExecutionStatus.Completed, (await db.Runs.SingleAsync(r => r.Id == runId)).Status);
        var history = await db.ItemStateHistory.Where(h => h.ItemExecutionId == taken.Id).OrderBy(h => h.OccurredAt).ThenBy(h => h.Id).ToListAsync();
        Assert.Equal(
            [(ExecutionStatus.Pending, ExecutionStatus.Processing), (ExecutionStatus.Processing, ExecutionStatus.Retrying),
             (ExecutionStatus.Retrying, ExecutionStatus.Processing), (ExecutionStatus.Processing, ExecutionStatus.Completed)],
            history.Select(h => (h.FromStatus, h.ToStatus)));
        Assert.Equal("lease expired", history[1].Reason);
    }

    [Fact]
    public async Task Only_the_leases_of_items_the_worker_still_holds_are_extended()
    {
        await QueueRunAsync(2);
        var claimed = await _claims.ClaimAsync("w", 2, TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.Equal(1, await _outcomes.ExtendLeasesAsync("w", [claimed[0].Id], TimeSpan.FromMinutes(1), CancellationToken.None));
        await Task.Delay(400);

        // The item the worker let go (say, after its outcome could not be recorded) is reaped; the held one is not.
        Assert.Equal(1, await _maintenance.ReapExpiredLeasesAsync(CancellationToken.None));
        await using var db = _database.NewContext();
        Assert.Equal(ExecutionStatus.Processing, (await db.ItemExecutions.SingleAsync(i => i.Id == claimed[0].Id)).Status);
        Assert.Equal(ExecutionStatus.Retrying, (await db.ItemExecutions.SingleAsync(i => i.Id == claimed[1].Id)).Status);
    }

    [Fact]
    public async Task An_expired_lease_no_longer_counts_toward_the_concurrency_bound()
    {
        await QueueRunAsync(2, maxConcurrency: 1);
        Assert.Single(await _claims.ClaimAsync("dead", 1, TimeSpan.FromMilliseconds(1), CancellationToken.None));
        await Task.Delay(50);

        // Before any reaper ran: the dead worker's item does not hold the automation's only slot.
        Assert.Single(await _claims.ClaimAsync("alive", 1, TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task A_reaped_item_goes_to_the_front_of_the_queue()
    {
        await QueueRunAsync(5);
        var lost = (await _claims.ClaimAsync("dead", 1, TimeSpan.FromMilliseconds(1), CancellationToken.None)).Single();
        await Task.Delay(50);
        await _maintenance.ReapExpiredLeasesAsync(CancellationToken.None);

        Assert.Equal(lost.Id, (await _claims.ClaimAsync("alive", 1, TimeSpan.FromMinutes(1), CancellationToken.None)).Single().Id);
    }

    [Fact]
    public async Task A_released_item_is_due_at_once_at_the_front_without_its_attempt_counted()
    {
        var runId = await QueueRunAsync(3, maxAttempts: 1);
        var held = (await _claims.ClaimAsync("stopping", 1, TimeSpan.FromMinutes(1), CancellationToken.None)).Single();
        Assert.Equal(1, await _outcomes.ReleaseAsync([held], "stopping", "released at shutdown", CancellationToken.None));
        Assert.Equal(0, await _outcomes.ReleaseAsync([held], "stopping", "released at shutdown", CancellationToken.None));

        var again = (await _claims.ClaimAsync("other", 1, TimeSpan.FromMinutes(1), CancellationToken.None)).Single();
        Assert.Equal((held.Id, 1), (again.Id, again.Attempt));
        Assert.True(await FinishAsync(again, ItemOutcome.Success(), "other", 1, CancellationToken.None));

        await using var db = _database.NewContext();
        var history = await db.ItemStateHistory.Where(h => h.ItemExecutionId == held.Id).OrderBy(h => h.OccurredAt).ThenBy(h => h.Id).ToListAsync();
        Assert.Equal(
            [(ExecutionStatus.Pending, ExecutionStatus.Processing), (ExecutionStatus.Processing, ExecutionStatus.Retrying),
             (ExecutionStatus.Retrying, ExecutionStatus.Processing), (ExecutionStatus.Processing, ExecutionStatus.Completed)],
            history.Select(h => (h.FromStatus, h.ToStatus)));
        Assert.Equal("released at shutdown", history[1].Reason);
        Assert.Equal(ExecutionStatus.Processing, (await db.Runs.SingleAsync(r => r.Id == runId)).Status);
    }

    [Fact]
    public async Task Items_a_claim_leased_to_a_worker_that_never_heard_of_them_come_back_and_its_held_items_stay()
    {
        // A claim whose answer was lost in a failover: the store leased four items to the worker, which holds one.
        await QueueRunAsync(4, maxConcurrency: 4, maxAttempts: 1);
        var leased = await _claims.ClaimAsync("survivor", 4, TimeSpan.FromMinutes(10), CancellationToken.None);
        Assert.Empty(await _claims.ClaimAsync("other", 4, TimeSpan.FromMinutes(1), CancellationToken.None));

        Assert.Equal(3, await _outcomes.ReleaseUnheldAsync("survivor", [leased[0].Id], "claimed when the store failed, never started", CancellationToken.None));
        Assert.Equal(0, await _outcomes.ReleaseUnheldAsync("survivor", [leased[0].Id], "claimed when the store failed, never started", CancellationToken.None));

        // Free again at once, their attempt not counted (one attempt allowed, and it is still to come); the held one stays.
        var again = await _claims.ClaimAsync("other", 4, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(leased.Skip(1).Select(i => i.Id).Order(), again.Select(i => i.Id).Order());
        Assert.All(again, i => Assert.Equal(1, i.Attempt));
        Assert.True(await FinishAsync(leased[0], ItemOutcome.Success(), "survivor", 1, CancellationToken.None));
    }

    [Fact]
    public async Task The_leases_of_a_gone_worker_are_taken_back_at_once()
    {
        await QueueRunAsync(2);
        var held = await _claims.ClaimAsync("host:4242:previous", 2, TimeSpan.FromMinutes(10), CancellationToken.None);
        Assert.Equal(["host:4242:previous"], await _maintenance.LeaseOwnersAsync(CancellationToken.None));

        Assert.Equal(2, await _maintenance.ReapLeasesOfAsync(["host:4242:previous"], CancellationToken.None));
        Assert.Equal(2, (await _claims.ClaimAsync("host:4243:current", 2, TimeSpan.FromMinutes(1), CancellationToken.None)).Count);
        Assert.All(held, h => Assert.Equal(1, h.Attempt));
    }

    [Fact]
    public async Task A_run_finishes_once_its_last_item_is_done_failed_if_any_item_failed()
    {
        var runId = await QueueRunAsync(2, maxAttempts: 1);
        var items = await _claims.ClaimAsync("w", 2, TimeSpan.FromMinutes(1), CancellationToken.None);
        await FinishAsync(items[0], ItemOutcome.Success("{\"ok\":true}"), "w", 5, CancellationToken.None);
        await using (var db = _database.NewContext())
            Assert.Equal(ExecutionStatus.Processing, (await db.Runs.SingleAsync(r => r.Id == runId)).Status);

        await FinishAsync(items[1], ItemOutcome.Failure("boom"), "w", 5, CancellationToken.None);
        await using (var db = _database.NewContext())
        {
            var run = await db.Runs.SingleAsync(r => r.Id == runId);
            Assert.Equal(ExecutionStatus.Failed, run.Status);
            Assert.Equal("1 item(s) failed", run.ErrorSummary);
            Assert.NotNull(run.FinishedAt);
        }
    }

    [Fact]
    public async Task Cancelling_queued_items_and_requeueing_failed_ones_write_their_history()
    {
        var runId = await QueueRunAsync(3, maxAttempts: 1);
        var claimed = (await _claims.ClaimAsync("w", 1, TimeSpan.FromMinutes(1), CancellationToken.None)).Single();
        await FinishAsync(claimed, ItemOutcome.Failure("boom"), "w", 1, CancellationToken.None);
        Assert.Equal(2, await _maintenance.CancelQueuedAsync(runId, "stop", CancellationToken.None));
        Assert.Equal(1, await _maintenance.RequeueFailedAsync(runId, CancellationToken.None));

        await using var db = _database.NewContext();
        var statuses = await db.ItemExecutions.Where(i => i.RunId == runId).Select(i => i.Status).ToListAsync();
        Assert.Equal(2, statuses.Count(s => s == ExecutionStatus.Cancelled));
        Assert.Equal(1, statuses.Count(s => s == ExecutionStatus.Pending));
        var changes = await db.ItemStateHistory.Where(h => h.RunId == runId).Select(h => new { h.FromStatus, h.ToStatus }).ToListAsync();
        Assert.Equal(2, changes.Count(c => c.FromStatus == ExecutionStatus.Pending && c.ToStatus == ExecutionStatus.Cancelled));
        Assert.Single(changes, c => c.FromStatus == ExecutionStatus.Failed && c.ToStatus == ExecutionStatus.Pending);
    }

    [Fact]
    public async Task A_batch_finishes_with_its_own_items_reopens_on_a_retry_and_ends_as_its_items_do()
    {
        var runId = await QueueRunAsync(4, maxAttempts: 1, batches: 2);
        var claimed = await _claims.ClaimAsync("w", 4, TimeSpan.FromMinutes(1), CancellationToken.None);
        Dictionary<Guid, Guid> batchOf;
        await using (var db = _database.NewContext())
            batchOf = await db.ItemExecutions.Where(i => i.RunId == runId).ToDictionaryAsync(i => i.Id, i => i.BatchExecutionId);
        var first = batchOf[claimed[0].Id];
        var ofFirst = claimed.Where(c => batchOf[c.Id] == first).ToList();
        var ofSecond = claimed.Except(ofFirst).ToList();

        foreach (var item in ofFirst) await FinishAsync(item, ItemOutcome.Success("{}"), "w", 1, CancellationToken.None);
        var batches = await BatchesAsync(runId);
        Assert.Equal(ExecutionStatus.Completed, batches[first].Status);
        Assert.NotNull(batches[first].FinishedAt);
        Assert.All(batches.Values.Where(b => b.Id != first), b => Assert.Equal((ExecutionStatus.Processing, (DateTime?)null), (b.Status, b.FinishedAt)));

        await FinishAsync(ofSecond[0], ItemOutcome.Success("{}"), "w", 1, CancellationToken.None);
        await FinishAsync(ofSecond[1], ItemOutcome.Failure("boom"), "w", 1, CancellationToken.None);
        var second = batchOf[ofSecond[0].Id];
        Assert.Equal(ExecutionStatus.Failed, (await BatchesAsync(runId))[second].Status);

        await _maintenance.RequeueFailedAsync(runId, CancellationToken.None);
        batches = await BatchesAsync(runId);
        Assert.Equal((ExecutionStatus.Processing, (DateTime?)null), (batches[second].Status, batches[second].FinishedAt));
        Assert.Equal(ExecutionStatus.Completed, batches[first].Status);

        // The re-queued item is cancelled while queued: its batch (one item completed, one cancelled) ends cancelled.
        await _maintenance.CancelQueuedAsync(runId, "stop", CancellationToken.None);
        batches = await BatchesAsync(runId);
        Assert.Equal(ExecutionStatus.Cancelled, batches[second].Status);
        Assert.NotNull(batches[second].FinishedAt);
    }

    [Fact]
    public async Task An_item_reaped_out_of_attempts_finishes_its_batch_and_run_failed()
    {
        var runId = await QueueRunAsync(1, maxAttempts: 1);
        await _claims.ClaimAsync("gone", 1, TimeSpan.FromMilliseconds(1), CancellationToken.None);
        await Task.Delay(20);

        Assert.Equal(1, await _maintenance.ReapExpiredLeasesAsync(CancellationToken.None));
        Assert.All((await BatchesAsync(runId)).Values, b => Assert.Equal(ExecutionStatus.Failed, b.Status));
        await using var db = _database.NewContext();
        Assert.Equal(ExecutionStatus.Failed, (await db.Runs.SingleAsync(r => r.Id == runId)).Status);
    }

    [Fact]
    public async Task An_item_of_a_cancelled_run_that_went_back_to_the_queue_is_cancelled_and_its_batch_finished()
    {
        var runId = await QueueRunAsync(1, maxAttempts: 3);
        var item = (await _claims.ClaimAsync("w", 1, TimeSpan.FromMinutes(1), CancellationToken.None)).Single();
        await using (var db = _database.NewContext())
            await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, ExecutionStatus.Cancelled));
        // The attempt fails and may pass before its worker sees the cancel: the item goes back to retrying.
        await FinishAsync(item, ItemOutcome.Failure("boom"), "w", 1, CancellationToken.None);

        await _maintenance.ReapExpiredLeasesAsync(CancellationToken.None);
        await using var read = _database.NewContext();
        Assert.Equal(ExecutionStatus.Cancelled, (await read.ItemExecutions.SingleAsync(i => i.RunId == runId)).Status);
        Assert.Equal(ExecutionStatus.Cancelled, (await BatchesAsync(runId)).Values.Single().Status);
        Assert.Single(await read.ItemStateHistory.Where(h => h.RunId == runId && h.ToStatus == ExecutionStatus.Cancelled).ToListAsync());
    }

    [Fact]
    public async Task A_run_deleted_whole_takes_its_batches_and_items_with_it()
    {
        var runId = await QueueRunAsync(3, batches: 2);
        await using var db = _database.NewContext();
        Assert.Equal(1, await db.Runs.Where(r => r.Id == runId).ExecuteDeleteAsync());
        Assert.False(await db.BatchExecutions.AnyAsync(b => b.RunId == runId));
        Assert.False(await db.ItemExecutions.AnyAsync(i => i.RunId == runId));
    }

    private async Task<Dictionary<Guid, BatchExecution>> BatchesAsync(Guid runId)
    {
        await using var db = _database.NewContext();
        return await db.BatchExecutions.AsNoTracking().Where(b => b.RunId == runId).ToDictionaryAsync(b => b.Id);
    }
}

public sealed class SqliteRunQueueTests() : RunQueueTests(DatabaseProvider.Sqlite);

public sealed class PostgresRunQueueTests() : RunQueueTests(DatabaseProvider.PostgreSql);
