using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Symphony.Application.Runs;

namespace Symphony.Infrastructure.Execution;

public sealed class WorkerOptions
{
    public const string Section = "Symphony:Worker";

    public bool Enabled { get; set; } = true;
    /// <summary>Items this node runs at once.</summary>
    public int Parallelism { get; set; } = 64;
    /// <summary>Longest claim; several claims fill the parallelism.</summary>
    public int BatchSize { get; set; } = 64;
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How long an idle worker waits before looking again (queued work wakes it at once on this node).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan ReapInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Wakes the worker of this node when work is queued or a slot frees.</summary>
public sealed class QueueSignal : IQueueSignal, IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void WorkQueued()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}

/// <summary>
/// This node's worker: claims due items in batches, runs each on its handler with bounded parallelism, extends
/// its leases while they run, stops items of cancelled runs, and reaps the leases of workers that died.
/// </summary>
public sealed class RunWorker(
    IRunQueue queue, HandlerRegistry handlers, QueueSignal signal, IOptions<WorkerOptions> options, ILogger<RunWorker> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, (ClaimedItem Item, CancellationTokenSource Stop)> _running = new();
    private readonly Channel<FinishedItem> _finished = Channel.CreateUnbounded<FinishedItem>(new UnboundedChannelOptions { SingleReader = true });
    public string Id { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled) return;
        logger.LogInformation("Worker {Worker} started with parallelism {Parallelism}", Id, o.Parallelism);
        var finisher = RecordOutcomesAsync(stoppingToken);
        var maintenance = MaintainAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var free = o.Parallelism - _running.Count;
                var claimed = free > 0 ? await queue.ClaimAsync(Id, Math.Min(free, o.BatchSize), o.Lease, stoppingToken) : [];
                foreach (var item in claimed)
                {
                    var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    _running[item.Id] = (item, stop);
                    _ = Task.Run(() => ProcessAsync(item, stop, stoppingToken), CancellationToken.None);
                }
                if (claimed.Count == 0 || _running.Count >= o.Parallelism)
                    await signal.WaitAsync(o.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Worker {Worker} loop failed; retrying", Id);
                await Task.Delay(o.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        _finished.Writer.TryComplete();
        await Task.WhenAll(finisher, maintenance);
    }

    /// <summary>
    /// Lease extension, stopping items of cancelled runs, and reaping, on a loop of their own: a claim waiting for
    /// another node's lock must never delay the extension of leases this node holds.
    /// </summary>
    private async Task MaintainAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var lastReap = DateTime.MinValue;
        var lastRenew = DateTime.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = DateTime.UtcNow;
                if (now - lastReap > o.ReapInterval)
                {
                    lastReap = now;
                    if (await queue.ReapExpiredLeasesAsync(stoppingToken) is var reaped and > 0)
                        logger.LogWarning("Reaped {Count} item(s) whose worker stopped", reaped);
                }
                if (!_running.IsEmpty && now - lastRenew > o.Lease / 3)
                {
                    lastRenew = now;
                    await queue.ExtendLeasesAsync(Id, o.Lease, stoppingToken);
                }
                if (!_running.IsEmpty)
                {
                    var stopped = await queue.StoppedRunsAsync(_running.Values.Select(r => r.Item.RunId).Distinct().ToList(), stoppingToken);
                    foreach (var running in _running.Values.Where(r => stopped.Contains(r.Item.RunId)))
                        await running.Stop.CancelAsync();
                }
                await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Worker {Worker} maintenance failed; retrying", Id);
            }
        }
    }

    /// <summary>
    /// Records outcomes in batches, as many as are ready (one transaction for up to 100): far fewer round trips
    /// than one transaction per item. An item stays leased, and its lease extended, until its outcome is recorded.
    /// </summary>
    private async Task RecordOutcomesAsync(CancellationToken stoppingToken)
    {
        var reader = _finished.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                var batch = new List<FinishedItem>();
                while (batch.Count < 500 && reader.TryRead(out var finished)) batch.Add(finished);
                try
                {
                    var recorded = await queue.FinishManyAsync(batch, Id, CancellationToken.None);
                    foreach (var lost in batch.Where(f => !recorded.Contains(f.Item.Id)))
                        logger.LogWarning("Item {Item} was taken over by another worker; its result from {Worker} is dropped", lost.Item.Id, Id);
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Recording {Count} outcome(s) failed; their leases will expire and the items will be retried", batch.Count);
                }
                foreach (var finished in batch) Release(finished.Item.Id);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Unrecorded outcomes are lost with the node; their leases expire and the items are retried.
        }
    }

    private void Release(Guid itemId)
    {
        if (_running.TryRemove(itemId, out var running)) running.Stop.Dispose();
        signal.WorkQueued();
    }

    private async Task ProcessAsync(ClaimedItem item, CancellationTokenSource stop, CancellationToken stopping)
    {
        var watch = Stopwatch.StartNew();
        HandlerOutcome outcome;
        var handler = handlers.Find(item.HandlerKind);
        try
        {
            outcome = handler is null
                ? HandlerOutcome.Failure($"No handler for kind '{item.HandlerKind}' on this node.")
                : await handler.ExecuteAsync(new ItemWork(item.Id, item.RunId, item.Attempt, item.MaxAttempts,
                    Parse(item.Payload), Parse(item.HandlerConfig)), stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run was cancelled: record it. The node is stopping: leave the lease to expire for another node.
            try
            {
                if (!stopping.IsCancellationRequested)
                    await queue.CancelProcessingAsync(item, Id, CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Recording the cancellation of item {Item} failed", item.Id);
            }
            Release(item.Id);
            return;
        }
        catch (Exception e)
        {
            outcome = HandlerOutcome.Failure($"{e.GetType().Name}: {e.Message}");
        }
        _finished.Writer.TryWrite(new FinishedItem(item, outcome, watch.ElapsedMilliseconds));
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
