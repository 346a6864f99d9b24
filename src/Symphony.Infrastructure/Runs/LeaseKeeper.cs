using Microsoft.Extensions.Logging;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Runs;

/// <summary>
/// Extends the leases of the items the worker holds, while they run and until their outcome is recorded, and stops
/// the items of runs cancelled meanwhile. A loop of its own: a claim waiting for another node's lock must never
/// delay an extension. Only the items still held are extended, so an item the worker let go is never kept from the
/// reaper.
/// </summary>
internal sealed class LeaseKeeper(string worker, RunningItems running, ItemOutcomes outcomes, QueueMaintenance maintenance,
    WorkerOptions options, TimeProvider clock, ILogger logger)
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

    public async Task RunAsync(CancellationToken stop)
    {
        var lastRenew = clock.GetTimestamp();
        var failures = new RepeatedFailure(logger, $"Worker {worker} could not extend leases or stop the items of cancelled runs", clock);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!running.IsEmpty && clock.GetElapsedTime(lastRenew) > options.Lease / 3)
                {
                    await outcomes.ExtendLeasesAsync(worker, running.Ids, options.Lease, stop);
                    lastRenew = clock.GetTimestamp();
                }
                if (!running.IsEmpty)
                {
                    var stopped = await maintenance.StoppedRunsAsync([.. running.All.Select(r => r.Item.RunId).Distinct()], stop);
                    foreach (var item in running.All.Where(r => stopped.Contains(r.Item.RunId)))
                        await item.Stop.CancelAsync();
                }
                failures.Succeeded();
                await Task.Delay(Every, stop);
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
}
