using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Symphony.Application.Common;
using Symphony.Application.Runs;
using Symphony.Domain.Alerts;
using Symphony.Domain.Automations;
using Symphony.Domain.Runs;

namespace Symphony.Application.Alerts;

/// <summary>
/// Turns waiting alert events into webhook deliveries: one item per event and webhook that wants it, in a batch of
/// the workspace's built-in automation <c>builtin.webhooks</c>, started as a run (trigger <c>event</c>) whose engine
/// retries each delivery. Failed runs are noticed here too and become <c>run.failed</c> events. Several nodes may
/// dispatch: an event is marked dispatched in the transaction that makes its deliveries, and a node that loses the
/// race for it leaves it to the winner.
/// </summary>
public sealed class DispatchAlertsHandler(IApplicationDbContext db, StartRunHandler start, IOptions<AlertOptions> options, TimeProvider clock)
{
    public const int MaxEvents = 500;
    /// <summary>How far back a failed run is still reported (a node down for longer misses older ones).</summary>
    public static readonly TimeSpan FailedRunWindow = TimeSpan.FromDays(1);

    public BuiltInAutomation Automation => new(Domain.Automations.Automation.WebhooksName, HandlerKinds.Webhook,
        "Built in: delivers alert events to the workspace's webhooks, one item per event and webhook, signed.", [],
        """{"type":"object","required":["delivery_id","webhook_id","event_id"]}""")
    {
        MaxConcurrency = 4,
        MaxAttempts = options.Value.MaxAttempts,
        RetryDelaySeconds = options.Value.RetryDelaySeconds,
    };

    /// <summary>One pass; returns the deliveries made.</summary>
    public async Task<int> HandleAsync(CancellationToken ct)
    {
        await RecordFailedRunsAsync(ct);
        var waiting = await db.AlertEvents.Where(e => e.DispatchedAt == null).OrderBy(e => e.OccurredAt).Take(MaxEvents).ToListAsync(ct);
        var made = 0;
        foreach (var events in waiting.GroupBy(e => e.WorkspaceId))
            made += await DispatchAsync(events.Key, [.. events], ct);
        return made;
    }

    private async Task<int> DispatchAsync(Guid workspaceId, List<AlertEvent> events, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var webhooks = await db.Webhooks.AsNoTracking().Where(w => w.WorkspaceId == workspaceId && w.IsEnabled).ToListAsync(ct);
        var wanted = (from e in events from w in webhooks where w.Wants(e) select (Event: e, Webhook: w)).ToList();
        foreach (var e in events) e.DispatchedAt = now;
        if (wanted.Count == 0)
        {
            await SaveOrLoseAsync(ct);
            return 0;
        }

        var automation = await db.Automations.FirstOrDefaultAsync(a => a.WorkspaceId == workspaceId && a.Name == Domain.Automations.Automation.WebhooksName, ct);
        if (automation is null)
        {
            automation = Automation.NewIn(workspaceId);
            db.Automations.Add(automation);
        }
        var batch = new Batch { AutomationId = automation.Id, Name = $"alerts-{now:yyyyMMddHHmmssfff}-{Guid.NewGuid().ToString("N")[..6]}" };
        db.Batches.Add(batch);
        var deliveries = new List<WebhookDelivery>();
        foreach (var (e, w) in wanted)
        {
            var delivery = new WebhookDelivery { WorkspaceId = workspaceId, WebhookId = w.Id, AlertEventId = e.Id, Event = e.Event };
            var item = new Item
            {
                BatchId = batch.Id, SequenceNumber = deliveries.Count + 1,
                Payload = JsonSerializer.Serialize(new { delivery_id = delivery.Id, webhook_id = w.Id, event_id = e.Id, @event = e.Event }),
            };
            db.Items.Add(item);
            delivery.ItemId = item.Id;
            db.WebhookDeliveries.Add(delivery);
            deliveries.Add(delivery);
        }
        if (!await SaveOrLoseAsync(ct)) return 0;
        var (run, _) = await start.StartAsync(automation, new StartRunCommand(RunTrigger.Event, "alerts", [batch.Id]), null, ct);
        foreach (var delivery in deliveries) delivery.RunId = run.Id;
        await db.SaveChangesAsync(ct);
        return deliveries.Count;
    }

    /// <summary>Saves; false when another node dispatched one of these events first (its changes here are dropped).</summary>
    private async Task<bool> SaveOrLoseAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            foreach (var entry in db.ChangeTracker.Entries().ToList()) entry.State = EntityState.Detached;
            return false;
        }
    }

    private static string SourceKeyOf(Guid runId) => $"run:{runId:D}";

    /// <summary>A run.failed event for each run that failed lately and has none yet (deliveries' own runs excepted).</summary>
    private async Task RecordFailedRunsAsync(CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime - FailedRunWindow;
        var candidates = await db.Runs.AsNoTracking()
            .Where(r => r.Status == ExecutionStatus.Failed && r.FinishedAt >= since)
            .Join(db.Automations.IgnoreQueryFilters().Where(a => a.Name != Domain.Automations.Automation.WebhooksName), r => r.AutomationId, a => a.Id,
                (r, a) => new { r.Id, r.WorkspaceId, r.FinishedAt, r.ErrorSummary, r.Trigger, AutomationId = a.Id, Automation = a.Name })
            .OrderBy(r => r.FinishedAt).ToListAsync(ct);
        if (candidates.Count == 0) return;
        // The source keys are made here, so they compare the same on both providers (SQLite keeps UUIDs upper-case).
        var keys = candidates.Select(r => SourceKeyOf(r.Id)).ToList();
        var recorded = (await db.AlertEvents.Where(e => e.Event == AlertEvents.RunFailed && keys.Contains(e.SourceKey)).Select(e => e.SourceKey).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var failed = candidates.Where(r => !recorded.Contains(SourceKeyOf(r.Id))).Take(MaxEvents).ToList();
        if (failed.Count == 0) return;
        foreach (var run in failed)
        {
            db.AlertEvents.Add(new AlertEvent
            {
                WorkspaceId = run.WorkspaceId, Event = AlertEvents.RunFailed, SourceKey = SourceKeyOf(run.Id), OccurredAt = run.FinishedAt!.Value,
                Payload = JsonSerializer.Serialize(new
                {
                    run_id = run.Id, automation_id = run.AutomationId, automation = run.Automation, trigger = run.Trigger.ToString().ToLowerInvariant(),
                    error_summary = run.ErrorSummary, finished_at = run.FinishedAt,
                }),
            });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node recorded them first (unique per workspace, event and source).
            foreach (var entry in db.ChangeTracker.Entries<AlertEvent>().ToList()) entry.State = EntityState.Detached;
        }
    }
}
