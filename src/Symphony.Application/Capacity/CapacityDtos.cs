using Symphony.Domain.Capacity;

namespace Symphony.Application.Capacity;

public sealed record DatabaseDto(
    Guid Id, Guid InstanceId, string Name, long? SizeBytes, DateTime FirstSeenAt, DateTime LastSeenAt, DateTime? GoneAt,
    DateTime? TablesCollectedAt)
{
    public static DatabaseDto From(InstanceDatabase d) => new(d.Id, d.InstanceId, d.Name, d.SizeBytes, d.FirstSeenAt, d.LastSeenAt, d.GoneAt, d.TablesCollectedAt);
}

public sealed record DatabaseSizePointDto(DateOnly Day, long SizeBytes, DateTime CollectedAt);

/// <summary>A database's size per day within the range asked for, oldest first.</summary>
public sealed record DatabaseSizeHistoryDto(Guid DatabaseId, string Database, DateOnly From, DateOnly To, IReadOnlyList<DatabaseSizePointDto> Days);

public sealed record InstanceSizePointDto(DateOnly Day, long TotalSizeBytes, int DatabaseCount, DateTime CollectedAt);

/// <summary>An instance's total over its databases per day within the range asked for, oldest first.</summary>
public sealed record InstanceSizeHistoryDto(Guid InstanceId, DateOnly From, DateOnly To, IReadOnlyList<InstanceSizePointDto> Days);

public sealed record TableSizeDto(string Schema, string Name, string Kind, long TotalBytes, long TableBytes, long IndexBytes, long ToastBytes, long? RowEstimate)
{
    public static TableSizeDto From(TableSizeStat t) => new(t.SchemaName, t.TableName, t.Kind, t.TotalBytes, t.TableBytes, t.IndexBytes, t.ToastBytes, t.RowEstimate);
}

/// <summary>The tables of a database at its last collection, largest first; <c>total_tables</c> counts those not stored too.</summary>
public sealed record TableSizesDto(Guid DatabaseId, string Database, DateTime CollectedAt, int TotalTables, IReadOnlyList<TableSizeDto> Tables);
