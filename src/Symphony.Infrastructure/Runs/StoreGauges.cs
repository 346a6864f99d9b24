using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Symphony.Application.Common;
using Symphony.Application.Retention;
using Symphony.Application.Runs;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Runs;

/// <summary>
/// The gauges read from the store: the queue's depth and the age of its oldest due item (every 15 s), and the
/// partition warnings (every 5 minutes). Runs only when metrics are exported; a scrape reads the last sample, so it
/// never waits for the store.
/// </summary>
public sealed class StoreGauges(IRunQueue queue, IPartitionStore partitions, TimeProvider clock, ILogger<StoreGauges> logger) : BackgroundService
{
    private static readonly TimeSpan QueueEvery = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PartitionsEvery = TimeSpan.FromMinutes(5);

    private long _due;
    private double _oldestAge;
    private int _partitionWarnings;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Telemetry.Meter.CreateObservableGauge("symphony.queue.depth", () => Interlocked.Read(ref _due), "{item}", "Items of running runs due now and not started.");
        Telemetry.Meter.CreateObservableGauge("symphony.queue.oldest_age", () => Volatile.Read(ref _oldestAge), "s", "How long the oldest due item has waited.");
        Telemetry.Meter.CreateObservableGauge("symphony.partitions.warnings", () => Volatile.Read(ref _partitionWarnings), "{warning}",
            "Coming months without a partition, and default partitions holding rows (PostgreSQL).");
        var failures = new RepeatedFailure(logger, "Could not read the queue and partition gauges");
        var lastPartitions = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var (due, oldest) = await queue.DueNowAsync(stoppingToken);
                Interlocked.Exchange(ref _due, due);
                Volatile.Write(ref _oldestAge, oldest is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0);
                if (partitions.Partitioned && now - lastPartitions > PartitionsEvery)
                {
                    var tables = await partitions.ReadAsync(now, stoppingToken);
                    Volatile.Write(ref _partitionWarnings, tables.Sum(t => t.Warnings.Count));
                    lastPartitions = now;
                }
                failures.Succeeded();
                await Task.Delay(QueueEvery, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                await Task.Delay(failures.Failed(e), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
