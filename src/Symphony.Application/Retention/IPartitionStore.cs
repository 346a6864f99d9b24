
namespace Symphony.Application.Retention;

/// <summary>One month of a partitioned table: its bounds (from inclusive, to exclusive) and the planner's row estimate.</summary>
public sealed record PartitionDto(string Name, DateOnly From, DateOnly To, long RowEstimate);

/// <summary>
/// A table partitioned by month and how it stands: its partitions, the rows that fell into its default partition
/// (no month made for them), the months of the coming three that have no partition, and a warning for each.
/// </summary>
public sealed record PartitionedTableDto(
    string Table, string Column, bool Partitioned, IReadOnlyList<PartitionDto> Partitions, long DefaultRows,
    IReadOnlyList<string> MissingMonths, IReadOnlyList<string> Warnings);

/// <summary>
/// What a maintenance pass did: partitions created ahead, partitions dropped whole past retention, and rows of the
/// default partitions deleted past retention.
/// </summary>
public sealed record PartitionMaintenanceResult(IReadOnlyList<string> Created, IReadOnlyList<string> Dropped, long DefaultRowsDeleted);

/// <summary>
/// The monthly partitions of the platform database (PostgreSQL). On SQLite there are none: tables stay plain and
/// retention deletes their rows.
/// </summary>
public interface IPartitionStore
{
    bool Partitioned { get; }

    /// <summary>Creates this month's and the next two months' partitions; drops whole months past their table's retention.</summary>
    Task<PartitionMaintenanceResult> MaintainAsync(DateTime now, RetentionOptions retention, CancellationToken ct);

    Task<IReadOnlyList<PartitionedTableDto>> ReadAsync(DateTime now, CancellationToken ct);
}
