using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Symphony.Application.Retention;

namespace Symphony.Infrastructure.Retention;

/// <summary>
/// Monthly range partitions on PostgreSQL, named <c>{table}_pYYYYMM</c>, next to each table's default partition.
/// Maintenance creates this month's and the next two; a month past its table's retention is dropped whole (for the
/// history, once no run it belongs to is left).
/// </summary>
internal sealed partial class PostgresPartitionStore(NpgsqlDataSource dataSource) : IPartitionStore
{
    public const int MonthsAhead = 3;

    public bool Partitioned => true;

    public async Task<PartitionMaintenanceResult> MaintainAsync(DateTime now, RetentionOptions retention, CancellationToken ct)
    {
        var created = new List<string>();
        var dropped = new List<string>();
        long defaultRowsDeleted = 0;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        foreach (var table in PartitionedTables.All)
        {
            var existing = await PartitionsAsync(connection, table, ct);
            foreach (var month in Months(now))
            {
                var name = $"{table.Name}_p{month:yyyyMM}";
                if (existing.Any(p => p.From <= month && month < p.To)) continue;
                await ExecuteAsync(connection, $"CREATE TABLE {name} PARTITION OF {table.Name} FOR VALUES FROM ('{Bound(table, month)}') TO ('{Bound(table, month.AddMonths(1))}')", ct);
                created.Add(name);
            }
            var cutoff = DateOnly.FromDateTime(now.AddDays(-(table == PartitionedTables.History ? retention.RunsDays : retention.CapacityDays)));
            // Rows that fell into the default partition have no month to drop: past the cutoff they are deleted here,
            // in batches like retention's.
            var stale = $"SELECT ctid FROM {table.Name}_default WHERE {table.Column} < '{Bound(table, cutoff)}'"
                + (table == PartitionedTables.History ? " AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = run_id)" : "");
            int batch;
            do defaultRowsDeleted += batch = await CountAsync(connection, $"DELETE FROM {table.Name}_default WHERE ctid IN ({stale} LIMIT {retention.BatchSize})", ct);
            while (batch == retention.BatchSize);
            foreach (var partition in existing.Where(p => p.To <= cutoff))
            {
                // History rows of a run that is kept (an automation's latest) keep their month.
                if (table == PartitionedTables.History
                    && await ScalarAsync<bool>(connection, $"SELECT EXISTS (SELECT 1 FROM {partition.Name} h JOIN runs r ON r.id = h.run_id)", ct))
                    continue;
                await ExecuteAsync(connection, $"DROP TABLE {partition.Name}", ct);
                dropped.Add(partition.Name);
            }
        }
        return new PartitionMaintenanceResult(created, dropped, defaultRowsDeleted);
    }

    public async Task<IReadOnlyList<PartitionedTableDto>> ReadAsync(DateTime now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var tables = new List<PartitionedTableDto>();
        foreach (var table in PartitionedTables.All)
        {
            if (!await ScalarAsync<bool>(connection, $"SELECT relkind = 'p' FROM pg_class WHERE oid = '{table.Name}'::regclass", ct))
            {
                tables.Add(new PartitionedTableDto(table.Name, table.Column, false, [], 0, [], [$"{table.Name} is not partitioned."]));
                continue;
            }
            var partitions = await PartitionsAsync(connection, table, ct);
            var defaultRows = await ScalarAsync<long>(connection, $"SELECT COUNT(*) FROM {table.Name}_default", ct);
            var missing = Months(now).Where(m => !partitions.Any(p => p.From <= m && m < p.To)).Select(m => m.ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList();
            var warnings = missing.Select(m => $"{table.Name}: no partition for {m}; its rows would go to the default partition.").ToList();
            if (defaultRows > 0) warnings.Add($"{table.Name}: {defaultRows} row(s) in the default partition, outside every month made.");
            tables.Add(new PartitionedTableDto(table.Name, table.Column, true, partitions, defaultRows, missing, warnings));
        }
        return tables;
    }

    /// <summary>This month and the next ones that maintenance keeps made ahead.</summary>
    private static IEnumerable<DateOnly> Months(DateTime now) =>
        Enumerable.Range(0, MonthsAhead).Select(i => new DateOnly(now.Year, now.Month, 1).AddMonths(i));

    private static string Bound(PartitionedTable table, DateOnly month) =>
        month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (table.IsDate ? "" : " 00:00:00+00");

    private static async Task<List<PartitionDto>> PartitionsAsync(NpgsqlConnection connection, PartitionedTable table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT c.relname, pg_get_expr(c.relpartbound, c.oid), GREATEST(c.reltuples, 0)::bigint
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = '{table.Name}'::regclass ORDER BY c.relname
            """, connection);
        var partitions = new List<PartitionDto>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            if (MonthBounds().Match(reader.GetString(1)) is { Success: true } match)
                partitions.Add(new PartitionDto(reader.GetString(0), DateOnly.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
                    DateOnly.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), reader.GetInt64(2)));
        return partitions;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<int> CountAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(ct))!, typeof(T), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"FROM \('(\d{4}-\d{2}-\d{2})[^']*'\) TO \('(\d{4}-\d{2}-\d{2})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex MonthBounds();
}
