using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Automations;

namespace Symphony.Application.Runs;

/// <summary>An item of a built-in automation's run: its payload, and why it is skipped at once, when it is.</summary>
public sealed record BuiltInItem(string Payload, string? SkipReason = null)
{
    /// <summary>The item's id, known before it is saved so other rows can name it (a webhook delivery).</summary>
    public Guid Id { get; } = Domain.Common.Entity.NewId();
}

/// <summary>
/// The one start path of the built-in automations (<see cref="BuiltIns"/>): makes the automation in the workspace on
/// first use (with its one batch of fixed items, when it has them), adds this run's batch when the items are given,
/// and starts the run, all in one save, so a lost race leaves nothing behind. The same idempotency key returns the
/// same run before anything is made.
/// </summary>
public sealed class BuiltInRuns(IApplicationDbContext db, StartRunHandler start, StartRunValidator validator, TimeProvider clock)
{
    /// <summary>The run an earlier start with this key made, if any.</summary>
    public async Task<RunDto?> ExistingAsync(Guid workspaceId, BuiltIn builtIn, IdempotencyKey idempotency, CancellationToken ct)
    {
        var automationId = await db.Automations.Where(a => a.WorkspaceId == workspaceId && a.Name == builtIn.Name).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        return await start.ExistingAsync(workspaceId, idempotency, ct, automationId);
    }

    /// <summary>
    /// Starts a run in a workspace the caller was already allowed to write to (or the scheduler fires). A built-in of
    /// fixed items runs them; any other runs <paramref name="items"/>, in a batch made for this run.
    /// </summary>
    public async Task<(RunDto Run, bool Created)> StartAsync(
        Guid workspaceId, BuiltIn builtIn, StartRunCommand run, IdempotencyKey? idempotency, CancellationToken ct,
        IReadOnlyList<BuiltInItem>? items = null, Guid? runId = null)
    {
        await validator.EnsureValidAsync(run, ct);
        if (idempotency is not null && await ExistingAsync(workspaceId, builtIn, idempotency, ct) is { } repeated)
            return (repeated, false);
        if ((builtIn.Scope == BuiltInScope.FixedItems) != (items is null))
            throw new ArgumentException($"'{builtIn.Name}' takes {(items is null ? "the items of each run" : "its fixed items only")}.", nameof(items));

        var automation = await db.Automations.FirstOrDefaultAsync(a => a.WorkspaceId == workspaceId && a.Name == builtIn.Name, ct);
        var made = automation is null;
        if (automation is null)
        {
            automation = builtIn.NewIn(workspaceId);
            db.Automations.Add(automation);
        }

        RunWork work;
        if (items is null)
            work = made ? NewBatch(automation, "built-in", builtIn.FixedItems.Select(payload => new BuiltInItem(payload)).ToList())
                : await FixedItemsAsync(automation, ct);
        else
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var prefix = builtIn.Scope == BuiltInScope.Events ? "events" : "sync";
            work = NewBatch(automation, $"{prefix}-{now:yyyyMMddHHmmssfff}-{Guid.NewGuid().ToString("N")[..6]}", items);
        }
        return await start.CreateAsync(automation, run, idempotency, work with { RunId = runId }, ct);
    }

    private RunWork NewBatch(Automation automation, string name, IReadOnlyList<BuiltInItem> items)
    {
        var batch = new Batch { AutomationId = automation.Id, Name = name };
        db.Batches.Add(batch);
        var rows = items.Select((item, i) => new Item { Id = item.Id, BatchId = batch.Id, SequenceNumber = i + 1, Payload = item.Payload }).ToList();
        db.Items.AddRange(rows);
        var skip = items.Where(i => i.SkipReason is not null).ToDictionary(i => i.Id, i => i.SkipReason!);
        return new RunWork([batch], rows) { Skip = skip.Count > 0 ? skip : null };
    }

    private async Task<RunWork> FixedItemsAsync(Automation automation, CancellationToken ct)
    {
        var batches = await db.Batches.AsNoTracking().Where(b => b.AutomationId == automation.Id).OrderBy(b => b.Name).ToListAsync(ct);
        var batchIds = batches.Select(b => b.Id).ToList();
        var items = await db.Items.AsNoTracking().Where(i => batchIds.Contains(i.BatchId)).OrderBy(i => i.SequenceNumber).ToListAsync(ct);
        return new RunWork(batches, items);
    }
}
