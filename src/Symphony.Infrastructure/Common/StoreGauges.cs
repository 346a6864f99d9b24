using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Symphony.Infrastructure.Common;

/// <summary>
/// Gauges read from the store every <paramref name="every"/>, only when metrics are exported: a scrape reads the last
/// sample, so it never waits for the store. An outage is waited out and logged once with a count.
/// </summary>
public abstract class StoreGauges(TimeSpan every, string what, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock;

    /// <summary>Creates the observable gauges, once.</summary>
    protected abstract void Create();

    /// <summary>Reads the store and keeps the samples the gauges answer with.</summary>
    protected abstract Task SampleAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Create();
        var failures = new RepeatedFailure(logger, $"Could not read the {what} gauges", Clock);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SampleAsync(stoppingToken);
                failures.Succeeded();
                await Task.Delay(every, stoppingToken);
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
