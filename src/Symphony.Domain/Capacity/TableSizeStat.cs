using Symphony.Domain.Common;

namespace Symphony.Domain.Capacity;

/// <summary>One table (or materialized view) of a database at its last on-demand collection; replaced by the next.</summary>
public sealed class TableSizeStat : Entity
{
    public const int MaxPerDatabase = 10_000;

    public Guid WorkspaceId { get; set; }
    public Guid InstanceId { get; set; }
    public Guid DatabaseId { get; set; }
    public required string SchemaName { get; set; }
    public required string TableName { get; set; }
    /// <summary>table, partitioned_table or materialized_view.</summary>
    public required string Kind { get; set; }
    /// <summary>Heap, indexes and TOAST together.</summary>
    public long TotalBytes { get; set; }
    public long TableBytes { get; set; }
    public long IndexBytes { get; set; }
    public long ToastBytes { get; set; }
    /// <summary>The planner's estimate; null for a table never analyzed.</summary>
    public long? RowEstimate { get; set; }
    public DateTime CollectedAt { get; set; }
}
