using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Symphony.Application.Common;
using Symphony.Application.Runs;
using Symphony.Domain.Alerts;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;
using Symphony.Domain.Runs;

namespace Symphony.Application.Alerts;

/// <summary>
/// Turns waiting alert events into webhook deliveries: one item per event and webhook that wants it, in a batch of
/// the workspace's built-in automation <c>builtin.webhooks</c>, started as a run (trigger <c>event</c>) whose engine
/// retries each delivery. Failed runs are noticed here too and become <c>run.failed</c> events. Several nodes may
/// dispatch: an event is marked dispatched in the transaction that makes its deliveries, and a node that loses the
/// race for it leaves it to the winner.
/// </summary>
public sealed class AlertDispatch(IApplicationDbContext db, BuiltInRuns start, IOptions<AlertOptions> options, TimeProvider clock)
{
    public const int MaxEvents = 500;
    /// <summary>How far back a failed run is still reported (a node down for longer misses older ones).</summary>
    public static readonly TimeSpan FailedRunWindow = TimeSpan.FromDays(1);

    private BuiltIn Webhooks => WebhooksAutomation(options.Value);

    /// <summary>The workspace's <c>builtin.webhooks</c>, as first made: attempts and retry delay from the alert settings.</summary>
    internal static BuiltIn WebhooksAutomation(AlertOptions options) => BuiltIns.Webhooks with
    {
        MaxAttempts = options.MaxAttempts,
        RetryDelaySeconds = options.RetryDelaySeconds,
    };

    /// <summary>One pass; returns the deliveries made.</summary>
    public async Task<int> DispatchAsync(CancellationToken ct)
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

        var runId = Entity.NewId();
        var items = new List<BuiltInItem>();
        foreach (var (e, w) in wanted)
        {
            var delivery = new WebhookDelivery { WorkspaceId = workspaceId, WebhookId = w.Id, AlertEventId = e.Id, Event = e.Event, RunId = runId };
            var item = new BuiltInItem(JsonSerializer.Serialize(new { delivery_id = delivery.Id, webhook_id = w.Id, event_id = e.Id, @event = e.Event }));
            delivery.ItemId = item.Id;
            db.WebhookDeliveries.Add(delivery);
            items.Add(item);
        }
        // The events marked, their deliveries, batch, items and run: one save, or none when another node won.
        try
        {
            await start.StartAsync(workspaceId, Webhooks, new StartRunCommand(RunTrigger.Event, "alerts"), null, ct, items, runId);
            return items.Count;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return 0;
        }
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
            .Join(db.Automations.IgnoreQueryFilters().Where(a => a.Name != BuiltIns.Webhooks.Name), r => r.AutomationId, a => a.Id,
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
