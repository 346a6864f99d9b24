using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Runs;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Runs;

/// <summary>
/// This node's worker: claims due items in batches, runs each on its executor with bounded parallelism, extends the
/// leases of the items it holds while they run and until their outcome is recorded, stops items of cancelled runs,
/// and reaps the leases of workers that died. What it does on a crash, a shutdown and an outage of the store is in
/// docs/adr/0005-durable-queue.md.
/// </summary>
public sealed class RunWorker(
    IRunQueue queue, ItemExecutors executors, QueueSignal signal, IOptions<WorkerOptions> options, ILogger<RunWorker> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, (ClaimedItem Item, CancellationTokenSource Stop)> _running = new();
    private readonly Channel<FinishedItem> _finished = Channel.CreateUnbounded<FinishedItem>(new UnboundedChannelOptions { SingleReader = true });
    /// <summary>Cancels the executors still running when the shutdown grace is over.</summary>
    private readonly CancellationTokenSource _hardStop = new();
    private int _executing;
    /// <summary>When shutdown began (ticks), or zero.</summary>
    private long _stoppingSince;

    /// <summary>"host:pid:random": the host and process tell a restarted node its previous run's leases.</summary>
    public string Id { get; } = NodeNames.New();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled) return;
        logger.LogInformation("Worker {Worker} started with parallelism {Parallelism}", Id, o.Parallelism);
        using var maintenanceStop = new CancellationTokenSource();
        var finisher = RecordOutcomesAsync();
        var maintenance = MaintainAsync(maintenanceStop.Token);
        var failures = new RepeatedFailure(logger, $"Worker {Id} could not claim items");
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
                    if (await queue.ReleaseUnheldAsync(Id, [.. _running.Keys], "claimed when the store failed, never started", stoppingToken) is var lost and > 0)
                        logger.LogWarning("Worker {Worker} put back {Count} item(s) claimed while the store failed, never started", Id, lost);
                    claimsUnknown = false;
                }
                var free = o.Parallelism - _running.Count;
                var claimed = free > 0 ? await ClaimAsync(Math.Min(free, o.BatchSize), o.Lease, stoppingToken) : [];
                failures.Succeeded();
                foreach (var item in claimed)
                {
                    Telemetry.ItemsStarted.Add(1, Telemetry.HandlerKind(item.HandlerKind));
                    var stop = CancellationTokenSource.CreateLinkedTokenSource(_hardStop.Token);
                    _running[item.Id] = (item, stop);
                    Interlocked.Increment(ref _executing);
                    _ = Task.Run(() => ProcessAsync(item, stop), CancellationToken.None);
                }
                if (claimed.Count == 0 || _running.Count >= o.Parallelism)
                    await signal.WaitAsync(claimed.Count == 0 ? await IdleWaitAsync(o, stoppingToken) : o.PollInterval, stoppingToken);
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
        Interlocked.Exchange(ref _stoppingSince, DateTime.UtcNow.Ticks);
        await ShutDownAsync(o);
        _finished.Writer.TryComplete();
        await finisher;
        await maintenanceStop.CancelAsync();
        await maintenance;
    }

    /// <summary>A claim is a span when it takes items; the empty claims of an idle worker are not recorded.</summary>
    private async Task<IReadOnlyList<ClaimedItem>> ClaimAsync(int limit, TimeSpan lease, CancellationToken ct)
    {
        using var span = Telemetry.Source.StartActivity("queue claim");
        var claimed = await queue.ClaimAsync(Id, limit, lease, ct);
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
        if (!signal.HearsOtherNodes) return o.PollInterval;
        if (await queue.NextDueAsync(ct) is not { } due) return o.IdlePollInterval;
        var wait = due - DateTime.UtcNow;
        return wait < o.PollInterval ? o.PollInterval : wait > o.IdlePollInterval ? o.IdlePollInterval : wait;
    }

    /// <summary>
    /// Claiming has stopped. Running items get the grace period to finish; those still running then are stopped and
    /// released at once (back to due at the front of the queue, the attempt not counted), so another node continues
    /// them without waiting for their leases to expire.
    /// </summary>
    private async Task ShutDownAsync(WorkerOptions o)
    {
        var deadline = DateTime.UtcNow + o.ShutdownGrace;
        while (Volatile.Read(ref _executing) > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        if (Volatile.Read(ref _executing) == 0) return;
        await _hardStop.CancelAsync();
        var stopped = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (Volatile.Read(ref _executing) > 0 && DateTime.UtcNow < stopped)
            await Task.Delay(20);
        // Once, when all are back: the other nodes take them at once.
        signal.WorkQueued();
    }

    /// <summary>
    /// Lease extension, stopping items of cancelled runs, and reaping, on a loop of their own: a claim waiting for
    /// another node's lock must never delay the extension of leases this node holds. Only the items this node still
    /// holds are extended, so an item it let go is never kept from the reaper.
    /// </summary>
    private async Task MaintainAsync(CancellationToken stop)
    {
        var o = options.Value;
        var lastReap = DateTime.MinValue;
        var lastRenew = DateTime.UtcNow;
        var failures = new RepeatedFailure(logger, $"Worker {Id} could not extend leases or reap");
        try
        {
            await ReclaimPreviousRunAsync(stop);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reaper returns those items once their leases expire.
            logger.LogWarning("Worker {Worker} could not reclaim the leases of this node's previous run: {Reason}", Id, e.Message);
        }
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var now = DateTime.UtcNow;
                if (now - lastReap > o.ReapInterval)
                {
                    if (await queue.ReapExpiredLeasesAsync(stop) is var reaped and > 0)
                    {
                        logger.LogWarning("Reaped {Count} item(s) whose worker stopped", reaped);
                        signal.Wake();
                    }
                    lastReap = now;
                }
                if (!_running.IsEmpty && now - lastRenew > o.Lease / 3)
                {
                    await queue.ExtendLeasesAsync(Id, _running.Keys.ToList(), o.Lease, stop);
                    lastRenew = now;
                }
                if (!_running.IsEmpty)
                {
                    var stopped = await queue.StoppedRunsAsync(_running.Values.Select(r => r.Item.RunId).Distinct().ToList(), stop);
                    foreach (var running in _running.Values.Where(r => stopped.Contains(r.Item.RunId)))
                        await running.Stop.CancelAsync();
                }
                failures.Succeeded();
                await Task.Delay(TimeSpan.FromMilliseconds(250), stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                await Task.Delay(failures.Failed(e), stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// A node that starts again (a crash, kill -9, a container restart) takes back at once what its previous run
    /// held on this host, instead of waiting for those leases to expire: the leases of owners named after this host
    /// whose process is gone (or is this process's number again, as in a restarted container). On SQLite only one
    /// node runs, so every other owner's leases are its previous run's.
    /// </summary>
    private async Task ReclaimPreviousRunAsync(CancellationToken ct)
    {
        var singleNode = queue is RunQueue { IsSingleNode: true };
        var previous = (await queue.LeaseOwnersAsync(ct)).Where(owner => owner != Id && (singleNode || IsEarlierRunOnThisHost(owner))).ToList();
        if (previous.Count > 0 && await queue.ReapLeasesOfAsync(previous, ct) is var reclaimed and > 0)
        {
            logger.LogWarning("Worker {Worker} took back {Count} item(s) held by this node before it restarted", Id, reclaimed);
            signal.Wake();
        }
    }

    private static bool IsEarlierRunOnThisHost(string owner)
    {
        var parts = owner.Split(':');
        if (parts.Length != 3 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], out var pid)) return false;
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    /// <summary>
    /// Records outcomes in batches, as many as are ready (one transaction for up to 500): far fewer round trips than
    /// one transaction per item. An item stays leased, and its lease extended, until its outcome is recorded: when
    /// the store is out, outcomes wait here and are recorded when it is back, so a short outage repeats nothing.
    /// The lease fencing of the queue still refuses an outcome whose item another worker took over meanwhile.
    /// </summary>
    private async Task RecordOutcomesAsync()
    {
        var reader = _finished.Reader;
        var pending = new List<FinishedItem>();
        var failures = new RepeatedFailure(logger, $"Worker {Id} could not record outcomes; they are kept and retried");
        while (pending.Count > 0 || await reader.WaitToReadAsync())
        {
            while (pending.Count < 500 && reader.TryRead(out var finished)) pending.Add(finished);
            try
            {
                var recorded = await queue.FinishManyAsync(pending, Id, CancellationToken.None);
                failures.Succeeded();
                foreach (var lost in pending.Where(f => !recorded.Contains(f.Item.Id)))
                    logger.LogWarning("Item {Item}'s result from {Worker} is dropped: the item is no longer this worker's (recorded already by a try whose answer was lost, or taken over)",
                        lost.Item.Id, Id);
                foreach (var finished in pending) Release(finished.Item.Id);
                pending.Clear();
            }
            catch (Exception e)
            {
                if (Interlocked.Read(ref _stoppingSince) is var since and > 0
                    && DateTime.UtcNow - new DateTime(since, DateTimeKind.Utc) > options.Value.ShutdownGrace + TimeSpan.FromSeconds(5))
                {
                    // Shutting down with the store still out: the leases expire and the items run again elsewhere.
                    logger.LogWarning("Worker {Worker} stopped with {Count} outcome(s) unrecorded; their items will run again", Id, pending.Count);
                    return;
                }
                await Task.Delay(failures.Failed(e));
            }
        }
    }

    private void Release(Guid itemId)
    {
        if (_running.TryRemove(itemId, out var running)) running.Stop.Dispose();
        signal.Wake();
    }

    private async Task ProcessAsync(ClaimedItem item, CancellationTokenSource stop)
    {
        try
        {
            if (await ExecuteAsync(item, stop) is { } finished)
                _finished.Writer.TryWrite(finished);
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
        var executor = executors.Find(item.HandlerKind);
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
                    await queue.ReleaseAsync([item], Id, "released at shutdown: the node stopped before the item finished", CancellationToken.None);
                    logger.LogInformation("Released item {Item} of run {Run} at shutdown", item.Id, item.RunId);
                }
                else
                    await queue.CancelProcessingAsync(item, Id, CancellationToken.None);
            }
            catch (Exception e)
            {
                // Its lease expires and the reaper returns it.
                logger.LogWarning("Item {Item} was stopped but could not be put back: {Reason}", item.Id, e.Message);
            }
            Release(item.Id);
            return null;
        }
        catch (Exception e)
        {
            outcome = ItemOutcome.Failure($"{e.GetType().Name}: {e.Message}");
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
