using Microsoft.Extensions.Logging;
using Symphony.Application.Common;
using Symphony.Application.Retention;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Retention;

/// <summary>The partition warnings (coming months without a partition, default partitions holding rows), every 5 minutes.</summary>
internal sealed class PartitionGauges(IPartitionStore partitions, TimeProvider clock, ILogger<PartitionGauges> logger)
    : StoreGauges(TimeSpan.FromMinutes(5), "partition", clock, logger)
{
    private int _warnings;

    protected override void Create() =>
        Telemetry.Meter.CreateObservableGauge("symphony.partitions.warnings", () => Volatile.Read(ref _warnings), "{warning}",
            "Coming months without a partition, and default partitions holding rows (PostgreSQL).");

    protected override async Task SampleAsync(CancellationToken ct)
    {
        if (!partitions.Partitioned) return;
        var tables = await partitions.ReadAsync(Clock.GetUtcNow().UtcDateTime, ct);
        Volatile.Write(ref _warnings, tables.Sum(t => t.Warnings.Count));
    }
}
