namespace Symphony.Infrastructure.Retention;

/// <summary>
/// The tables partitioned by month on PostgreSQL: the column they are split on, how a month's bound is written for
/// it, and their indexes (every unique one holds the partition column, as PostgreSQL requires).
/// </summary>
public sealed record PartitionedTable(string Name, string Column, bool IsDate, IReadOnlyList<string> Indexes)
{
    /// <summary>A month's bound as SQL over a date expression: midnight UTC for a timestamp column.</summary>
    public string Bound(string dateExpression) => IsDate ? $"{dateExpression}::text" : $"{dateExpression}::text || ' 00:00:00+00'";
}

public static class PartitionedTables
{
    public static PartitionedTable History { get; } = new("item_state_history", "occurred_at", false,
    [
        "CREATE INDEX ix_item_state_history_item_execution_id_occurred_at ON item_state_history (item_execution_id, occurred_at)",
        "CREATE INDEX ix_item_state_history_run_id ON item_state_history (run_id)",
    ]);

    public static PartitionedTable DatabaseSizes { get; } = new("database_size_stats", "day", true,
    [
        "CREATE UNIQUE INDEX ux_database_size_stats_database_id_day ON database_size_stats (database_id, day)",
        "CREATE INDEX ix_database_size_stats_instance_id_day ON database_size_stats (instance_id, day)",
        "ALTER TABLE database_size_stats ADD CONSTRAINT fk_database_size_stats_database_id FOREIGN KEY (database_id) REFERENCES instance_databases (id) ON DELETE CASCADE",
    ]);

    public static PartitionedTable InstanceSizes { get; } = new("instance_size_stats", "day", true,
    [
        "CREATE UNIQUE INDEX ux_instance_size_stats_instance_id_day ON instance_size_stats (instance_id, day)",
        "ALTER TABLE instance_size_stats ADD CONSTRAINT fk_instance_size_stats_instance_id FOREIGN KEY (instance_id) REFERENCES instances (id) ON DELETE CASCADE",
    ]);

    public static IReadOnlyList<PartitionedTable> All { get; } = [History, DatabaseSizes, InstanceSizes];
}
