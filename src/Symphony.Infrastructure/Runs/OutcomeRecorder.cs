using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Runs;

/// <summary>
/// Records outcomes in batches, as many as are ready (one transaction for up to 500): far fewer round trips than one
/// transaction per item. An item stays leased, and its lease extended, until its outcome is recorded: when the store
/// is out, outcomes wait here and are recorded when it is back, so a short outage repeats nothing. The lease fencing
/// of the queue still refuses an outcome whose item another worker took over meanwhile.
/// </summary>
internal sealed class OutcomeRecorder(string worker, RunningItems running, ItemOutcomes outcomes, WorkerOptions options, TimeProvider clock, ILogger logger)
{
    private const int MaxPerTransaction = 500;
    private readonly Channel<FinishedItem> _finished = Channel.CreateUnbounded<FinishedItem>(new UnboundedChannelOptions { SingleReader = true });
    /// <summary>When the worker stopped claiming (a timestamp), or zero.</summary>
    private long _stoppingSince;

    public void Add(FinishedItem finished) => _finished.Writer.TryWrite(finished);

    /// <summary>No more outcomes come: what is left is recorded, for as long as the shutdown allows.</summary>
    public void Complete(long stoppingSince)
    {
        Interlocked.Exchange(ref _stoppingSince, stoppingSince);
        _finished.Writer.TryComplete();
    }

    public async Task RunAsync()
    {
        var reader = _finished.Reader;
        var pending = new List<FinishedItem>();
        var failures = new RepeatedFailure(logger, $"Worker {worker} could not record outcomes; they are kept and retried", clock);
        while (pending.Count > 0 || await reader.WaitToReadAsync())
        {
            while (pending.Count < MaxPerTransaction && reader.TryRead(out var finished)) pending.Add(finished);
            try
            {
                var recorded = await outcomes.FinishManyAsync(pending, worker, CancellationToken.None);
                failures.Succeeded();
                foreach (var lost in pending.Where(f => !recorded.Contains(f.Item.Id)))
                    logger.LogWarning("Item {Item}'s result from {Worker} is dropped: the item is no longer this worker's (recorded already by a try whose answer was lost, or taken over)",
                        lost.Item.Id, worker);
                foreach (var finished in pending) running.Release(finished.Item.Id);
                pending.Clear();
            }
            catch (Exception e)
            {
                if (Interlocked.Read(ref _stoppingSince) is var since and > 0
                    && clock.GetElapsedTime(since) > options.ShutdownGrace + TimeSpan.FromSeconds(5))
                {
                    // Shutting down with the store still out: the leases expire and the items run again elsewhere.
                    logger.LogWarning("Worker {Worker} stopped with {Count} outcome(s) unrecorded; their items will run again", worker, pending.Count);
                    return;
                }
                await Task.Delay(failures.Failed(e));
            }
        }
    }
}
