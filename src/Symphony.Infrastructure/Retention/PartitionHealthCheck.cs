using Microsoft.Extensions.Diagnostics.HealthChecks;
using Symphony.Application.Retention;

namespace Symphony.Infrastructure.Retention;

/// <summary>
/// Part of <c>/health/ready</c>: degraded (still ready, a warning) when a coming month has no partition or rows fell
/// into a default partition; healthy on SQLite, whose tables are plain.
/// </summary>
internal sealed class PartitionHealthCheck(IPartitionStore partitions, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!partitions.Partitioned) return HealthCheckResult.Healthy("SQLite: plain tables, no partitions.");
        IReadOnlyList<PartitionedTableDto> tables;
        try
        {
            tables = await partitions.ReadAsync(clock.GetUtcNow().UtcDateTime, cancellationToken);
        }
        catch (Exception e) when (Persistence.DatabaseErrors.IsStoreUnavailable(e))
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached: its partitions cannot be read.");
        }
        var warnings = tables.SelectMany(t => t.Warnings).ToList();
        return warnings.Count == 0
            ? HealthCheckResult.Healthy($"{tables.Sum(t => t.Partitions.Count)} monthly partitions, the next {PostgresPartitionStore.MonthsAhead} months made.")
            : HealthCheckResult.Degraded(string.Join(" ", warnings));
    }
}
