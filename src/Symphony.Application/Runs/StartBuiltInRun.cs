using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Automations;

namespace Symphony.Application.Runs;

/// <summary>
/// A built-in automation with fixed items (retention, partition maintenance): made in a workspace on first use, with
/// one batch of these item payloads, run one item at a time unless told otherwise.
/// </summary>
public sealed record BuiltInAutomation(string Name, string HandlerKind, string Description, IReadOnlyList<object> Items, string? ItemSchema = null)
{
    public int MaxConcurrency { get; init; } = 1;
    public int MaxAttempts { get; init; } = 3;
    public int RetryDelaySeconds { get; init; } = 60;

    /// <summary>The automation as a workspace gets it on first use (its fixed items are the caller's to add).</summary>
    public Automation NewIn(Guid workspaceId) => new()
    {
        WorkspaceId = workspaceId,
        Name = Name,
        Description = Description,
        HandlerKind = HandlerKind,
        ItemSchema = ItemSchema,
        MaxAttempts = MaxAttempts,
        MaxConcurrency = MaxConcurrency,
        RetryDelaySeconds = RetryDelaySeconds,
    };
}

/// <summary>Starts a run of a built-in automation in a workspace, as the scheduler fires it, making the automation first if needed.</summary>
public sealed class StartBuiltInRunHandler(IApplicationDbContext db, StartRunHandler start)
{
    public async Task<(RunDto Run, bool Created)> StartAsync(
        Guid workspaceId, BuiltInAutomation builtIn, StartRunCommand run, IdempotencyKey? idempotency, CancellationToken ct)
    {
        var automation = await db.Automations.FirstOrDefaultAsync(a => a.WorkspaceId == workspaceId && a.Name == builtIn.Name, ct);
        if (automation is null)
        {
            automation = builtIn.NewIn(workspaceId);
            db.Automations.Add(automation);
            var batch = new Batch { AutomationId = automation.Id, Name = "built-in" };
            db.Batches.Add(batch);
            db.Items.AddRange(builtIn.Items.Select((payload, i) => new Item
            {
                BatchId = batch.Id,
                SequenceNumber = i + 1,
                Payload = JsonSerializer.Serialize(payload),
            }));
            await db.SaveChangesAsync(ct);
        }
        return await start.StartAsync(automation, run, idempotency, ct);
    }
}
