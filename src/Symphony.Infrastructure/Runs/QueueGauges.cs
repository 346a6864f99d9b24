using Microsoft.Extensions.Logging;
using Symphony.Application.Common;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Runs;

/// <summary>The queue's depth and the age of its oldest due item, every 15 s.</summary>
internal sealed class QueueGauges(ItemClaims claims, TimeProvider clock, ILogger<QueueGauges> logger)
    : StoreGauges(TimeSpan.FromSeconds(15), "queue", clock, logger)
{
    private long _due;
    private double _oldestAge;

    protected override void Create()
    {
        Telemetry.Meter.CreateObservableGauge("symphony.queue.depth", () => Interlocked.Read(ref _due), "{item}", "Items of running runs due now and not started.");
        Telemetry.Meter.CreateObservableGauge("symphony.queue.oldest_age", () => Volatile.Read(ref _oldestAge), "s", "How long the oldest due item has waited.");
    }

    protected override async Task SampleAsync(CancellationToken ct)
    {
        var (due, oldest) = await claims.DueNowAsync(ct);
        Interlocked.Exchange(ref _due, due);
        var now = Clock.GetUtcNow().UtcDateTime;
        Volatile.Write(ref _oldestAge, oldest is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0);
    }
}
