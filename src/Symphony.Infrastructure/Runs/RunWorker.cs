using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Domain.Common;
using Symphony.Infrastructure.Common;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Runs;

/// <summary>
/// This node's worker: claims due items in batches and runs each on its executor with bounded parallelism. Beside it
/// run the <see cref="LeaseKeeper"/> (leases of the items held, items of cancelled runs stopped), the
/// <see cref="Reaper"/> (items of workers that are gone) and the <see cref="OutcomeRecorder"/>. What it does on a
/// crash, a shutdown and an outage of the store is in docs/adr/0005-durable-queue.md.
/// </summary>
internal sealed class RunWorker : BackgroundService
{
    private readonly ItemClaims _claims;
    private readonly ItemOutcomes _outcomes;
    private readonly ItemExecutors _executors;
    private readonly QueueSignal _signal;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<RunWorker> _logger;
    private readonly RunningItems _running;
    private readonly LeaseKeeper _leases;
    private readonly Reaper _reaper;
    private readonly OutcomeRecorder _recorder;
    /// <summary>Cancels the executors still running when the shutdown grace is over.</summary>
    private readonly CancellationTokenSource _hardStop = new();
    private int _executing;

    public RunWorker(ItemClaims claims, ItemOutcomes outcomes, QueueMaintenance maintenance, ItemExecutors executors, QueueSignal signal,
        IOptions<WorkerOptions> options, IOptions<DatabaseOptions> database, NodeName node, TimeProvider clock, ILogger<RunWorker> logger)
    {
        (_claims, _outcomes, _executors, _signal, _options, _clock, _logger) = (claims, outcomes, executors, signal, options.Value, clock, logger);
        Id = node.Value;
        _running = new RunningItems(signal);
        _leases = new LeaseKeeper(Id, _running, outcomes, maintenance, _options, clock, logger);
        // On SQLite only one node runs: every lease it finds at start is its own previous run's.
        _reaper = new Reaper(Id, maintenance, signal, database.Value.Provider == DatabaseProvider.Sqlite, _options, clock, logger);
        _recorder = new OutcomeRecorder(Id, _running, outcomes, _options, clock, logger);
    }

    /// <summary>The node's name: its host and process tell a restarted node its previous run's leases.</summary>
    public string Id { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = _options;
        if (!o.Enabled) return;
        _logger.LogInformation("Worker {Worker} started with parallelism {Parallelism}", Id, o.Parallelism);
        using var loopsStop = new CancellationTokenSource();
        var recorder = _recorder.RunAsync();
        var leases = _leases.RunAsync(loopsStop.Token);
        var reaper = _reaper.RunAsync(loopsStop.Token);
        var failures = new RepeatedFailure(_logger, $"Worker {Id} could not claim items", _clock);
        // A claim that failed may have committed all the same (its answer lost in a failover): until the store
        // answers again, whatever it leased to this worker is unknown here.
        var claimsUnknown = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (claimsUnknown)
                {
                    // Only this loop adds to _running, so what is leased to this worker beyond it was never started.
                    if (await _outcomes.ReleaseUnheldAsync(Id, _running.Ids, "claimed when the store failed, never started", stoppingToken) is var lost and > 0)
                        _logger.LogWarning("Worker {Worker} put back {Count} item(s) claimed while the store failed, never started", Id, lost);
                    claimsUnknown = false;
                }
                var free = o.Parallelism - _running.Count;
                var claimed = free > 0 ? await ClaimAsync(Math.Min(free, o.BatchSize), o.Lease, stoppingToken) : [];
                failures.Succeeded();
                foreach (var item in claimed)
                {
                    Telemetry.ItemsStarted.Add(1, Telemetry.HandlerKind(item.HandlerKind));
                    var stop = CancellationTokenSource.CreateLinkedTokenSource(_hardStop.Token);
                    _running.Add(item, stop);
                    Interlocked.Increment(ref _executing);
                    _ = Task.Run(() => ProcessAsync(item, stop), CancellationToken.None);
                }
                if (claimed.Count == 0 || _running.Count >= o.Parallelism)
                    await _signal.WaitAsync(claimed.Count == 0 ? await IdleWaitAsync(o, stoppingToken) : o.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                claimsUnknown = true;
                await Task.Delay(failures.Failed(e), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        var stoppingSince = _clock.GetTimestamp();
        await ShutDownAsync(o);
        _recorder.Complete(stoppingSince);
        await recorder;
        await loopsStop.CancelAsync();
        await Task.WhenAll(leases, reaper);
    }

    /// <summary>A claim is a span when it takes items; the empty claims of an idle worker are not recorded.</summary>
    private async Task<IReadOnlyList<ClaimedItem>> ClaimAsync(int limit, TimeSpan lease, CancellationToken ct)
    {
        using var span = Telemetry.Source.StartActivity("queue claim");
        var claimed = await _claims.ClaimAsync(Id, limit, lease, ct);
        if (span is not null)
        {
            span.SetTag("symphony.worker", Id);
            span.SetTag("symphony.items", claimed.Count);
            if (claimed.Count == 0) span.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
        return claimed;
    }

    /// <summary>
    /// Nothing could be claimed. When this node hears queued work from every node, it sleeps until the next retry
    /// falls due, at most <see cref="WorkerOptions.IdlePollInterval"/>; otherwise, or when due work is held back (an
    /// automation at its bound), it looks again after <see cref="WorkerOptions.PollInterval"/>.
    /// </summary>
    private async Task<TimeSpan> IdleWaitAsync(WorkerOptions o, CancellationToken ct)
    {
        if (!_signal.HearsOtherNodes) return o.PollInterval;
        if (await _claims.NextDueAsync(ct) is not { } due) return o.IdlePollInterval;
        var wait = due - _clock.GetUtcNow().UtcDateTime;
        return wait < o.PollInterval ? o.PollInterval : wait > o.IdlePollInterval ? o.IdlePollInterval : wait;
    }

    /// <summary>
    /// Claiming has stopped. Running items get the grace period to finish; those still running then are stopped and
    /// released at once (back to due at the front of the queue, the attempt not counted), so another node continues
    /// them without waiting for their leases to expire.
    /// </summary>
    private async Task ShutDownAsync(WorkerOptions o)
    {
        var stopping = _clock.GetTimestamp();
        while (Volatile.Read(ref _executing) > 0 && _clock.GetElapsedTime(stopping) < o.ShutdownGrace)
            await Task.Delay(50);
        if (Volatile.Read(ref _executing) == 0) return;
        await _hardStop.CancelAsync();
        var stopped = _clock.GetTimestamp();
        while (Volatile.Read(ref _executing) > 0 && _clock.GetElapsedTime(stopped) < TimeSpan.FromSeconds(5))
            await Task.Delay(20);
        // Once, when all are back: the other nodes take them at once.
        _signal.WorkQueued();
    }

    private async Task ProcessAsync(ClaimedItem item, CancellationTokenSource stop)
    {
        try
        {
            if (await ExecuteAsync(item, stop) is { } finished)
                _recorder.Add(finished);
        }
        finally
        {
            Interlocked.Decrement(ref _executing);
        }
    }

    /// <summary>Runs one item; null when it was stopped (its run cancelled, or the node's grace is over) and dealt with.</summary>
    private async Task<FinishedItem?> ExecuteAsync(ClaimedItem item, CancellationTokenSource stop)
    {
        var watch = Stopwatch.StartNew();
        ItemOutcome outcome;
        var executor = _executors.Find(item.HandlerKind);
        // A root span per attempt: an item runs long after the request that started its run has ended.
        using var span = Telemetry.Source.StartActivity($"item {item.HandlerKind}", ActivityKind.Internal, parentContext: default);
        span?.SetTag("symphony.run.id", item.RunId);
        span?.SetTag("symphony.item.id", item.Id);
        span?.SetTag("symphony.item.attempt", item.Attempt);
        try
        {
            outcome = executor is null
                ? ItemOutcome.Failure($"No executor for handler kind '{item.HandlerKind}' on this node.")
                : await executor.ExecuteAsync(new ItemWork(item.Id, item.RunId, item.Attempt, item.MaxAttempts,
                    Parse(item.Payload), Parse(item.HandlerConfig)), stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            try
            {
                if (_hardStop.IsCancellationRequested)
                {
                    await _outcomes.ReleaseAsync([item], Id, "released at shutdown: the node stopped before the item finished", CancellationToken.None);
                    _logger.LogInformation("Released item {Item} of run {Run} at shutdown", item.Id, item.RunId);
                }
                else
                    await _outcomes.CancelProcessingAsync(item, Id, CancellationToken.None);
            }
            catch (Exception e)
            {
                // Its lease expires and the reaper returns it.
                _logger.LogWarning("Item {Item} was stopped but could not be put back: {Reason}", item.Id, e.Message);
            }
            _running.Release(item.Id);
            return null;
        }
        catch (Exception e)
        {
            // An executor reports the failures it knows as outcomes; what escapes it is recorded as such, and retried.
            outcome = ItemOutcome.Failure($"{MessageCodes.TaskExecutionFailed.Code}: {e.GetType().Name}: {e.Message}");
        }
        Telemetry.ItemDuration.Record(watch.Elapsed.TotalSeconds, Telemetry.HandlerKind(item.HandlerKind),
            new KeyValuePair<string, object?>("symphony.outcome", outcome.Succeeded ? "succeeded" : "failed"));
        if (!outcome.Succeeded) span?.SetStatus(ActivityStatusCode.Error, outcome.Error);
        return new FinishedItem(item, outcome, watch.ElapsedMilliseconds);
    }

    public override void Dispose()
    {
        _hardStop.Dispose();
        base.Dispose();
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
