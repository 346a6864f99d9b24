using System.Text.Json;
using Microsoft.Extensions.Options;
using Symphony.Application.Automations;
using Symphony.Domain.Automations;

namespace Symphony.Application.Retention;

/// <summary>
/// Handler kind "partition_maintenance": creates the coming months' partitions and drops whole months past retention.
/// Partitions are the platform's, not a workspace's: every workspace's job does the same idempotent pass.
/// </summary>
public sealed class PartitionMaintenanceExecutor(IPartitionStore partitions, IOptions<RetentionOptions> retention, TimeProvider clock) : IItemExecutor
{
    public string Kind => HandlerKinds.PartitionMaintenance;

    public async Task<ItemOutcome> ExecuteAsync(ItemWork work, CancellationToken ct)
    {
        if (!partitions.Partitioned)
            return ItemOutcome.Success(JsonSerializer.Serialize(new { partitioned = false, reason = "SQLite keeps plain tables; retention deletes their rows." }));
        var result = await partitions.MaintainAsync(clock.GetUtcNow().UtcDateTime, retention.Value, ct);
        return ItemOutcome.Success(JsonSerializer.Serialize(new { partitioned = true, created = result.Created, dropped = result.Dropped, default_rows_deleted = result.DefaultRowsDeleted }));
    }
}
