using Symphony.Application.Retention;

namespace Symphony.Infrastructure.Retention;

/// <summary>SQLite: no partitions; the tables stay plain and retention deletes their rows.</summary>
internal sealed class PlainTables : IPartitionStore
{
    public bool Partitioned => false;

    public Task<PartitionMaintenanceResult> MaintainAsync(DateTime now, RetentionOptions retention, CancellationToken ct) =>
        Task.FromResult(new PartitionMaintenanceResult([], [], 0));

    public Task<IReadOnlyList<PartitionedTableDto>> ReadAsync(DateTime now, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<PartitionedTableDto>>(
            [.. PartitionedTables.All.Select(t => new PartitionedTableDto(t.Name, t.Column, false, [], 0, [], []))]);
}
