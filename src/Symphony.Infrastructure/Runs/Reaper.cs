using Microsoft.Extensions.Logging;
using Symphony.Application.Common;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Runs;

/// <summary>
/// Puts back the items of workers that are gone: at start, those this node's previous run held; then, every
/// <see cref="WorkerOptions.ReapInterval"/>, any whose lease expired. They go back to retrying at the front of the
/// queue, or fail when out of attempts (<see cref="QueueMoves.AfterLostAttempt"/>).
/// </summary>
internal sealed class Reaper(string worker, QueueMaintenance maintenance, QueueSignal signal, bool singleNode, WorkerOptions options, TimeProvider clock, ILogger logger)
{
    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            await ReclaimPreviousRunAsync(stop);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The loop below returns those items once their leases expire.
            logger.LogWarning("Worker {Worker} could not reclaim the leases of this node's previous run: {Reason}", worker, e.Message);
        }
        var failures = new RepeatedFailure(logger, $"Worker {worker} could not reap expired leases", clock);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (await maintenance.ReapExpiredLeasesAsync(stop) is var reaped and > 0)
                {
                    logger.LogWarning("Reaped {Count} item(s) whose worker stopped", reaped);
                    signal.Wake();
                }
                failures.Succeeded();
                await Task.Delay(options.ReapInterval, stop);
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
        var previous = (await maintenance.LeaseOwnersAsync(ct)).Where(owner => owner != worker && (singleNode || NodeName.IsEarlierRunOnThisHost(owner))).ToList();
        if (previous.Count > 0 && await maintenance.ReapLeasesOfAsync(previous, ct) is var reclaimed and > 0)
        {
            logger.LogWarning("Worker {Worker} took back {Count} item(s) held by this node before it restarted", worker, reclaimed);
            signal.Wake();
        }
    }
}
