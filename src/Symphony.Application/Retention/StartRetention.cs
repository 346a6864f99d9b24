using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Runs;
using Symphony.Domain.Automations;

namespace Symphony.Application.Retention;

/// <summary>
/// Starts a retention run in a workspace: a run of its built-in automation <c>builtin.retention</c> (made on first
/// use with one item per kind of record, one item at a time), as the scheduler's retention job fires it.
/// </summary>
public sealed class StartRetentionHandler(IApplicationDbContext db, StartRunHandler start)
{
    private static readonly string ItemSchema = JsonSerializer.Serialize(new
    {
        type = "object",
        required = new[] { "kind" },
        properties = new { kind = new { @enum = Enum.GetValues<RetentionKind>().Select(RetentionExecutor.Name).ToArray() } },
    });

    public async Task<(RunDto Run, bool Created)> StartAsync(Guid workspaceId, StartRunCommand run, string? idempotencyKey, CancellationToken ct)
    {
        var automation = await db.Automations.FirstOrDefaultAsync(a => a.WorkspaceId == workspaceId && a.Name == Automation.RetentionName, ct);
        if (automation is null)
        {
            automation = new Automation
            {
                WorkspaceId = workspaceId,
                Name = Automation.RetentionName,
                Description = "Built in: deletes what is past its retention age, one kind of record per item.",
                HandlerKind = HandlerKinds.Retention,
                ItemSchema = ItemSchema,
                MaxAttempts = 3,
                MaxConcurrency = 1,
                RetryDelaySeconds = 60,
            };
            db.Automations.Add(automation);
            var batch = new Batch { AutomationId = automation.Id, Name = "every-kind" };
            db.Batches.Add(batch);
            db.Items.AddRange(Enum.GetValues<RetentionKind>().Select((kind, i) => new Item
            {
                BatchId = batch.Id,
                SequenceNumber = i + 1,
                Payload = JsonSerializer.Serialize(new { kind = RetentionExecutor.Name(kind) }),
            }));
            await db.SaveChangesAsync(ct);
        }
        return await start.StartAsync(automation, run, idempotencyKey, ct);
    }
}
