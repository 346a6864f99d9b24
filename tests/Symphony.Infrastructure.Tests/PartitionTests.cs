using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Symphony.Application.Retention;
using Symphony.Infrastructure.Persistence;
using Symphony.Infrastructure.Retention;
using Symphony.Testing;

namespace Symphony.Infrastructure.Tests;

/// <summary>The monthly partitions on PostgreSQL: the migration that converts tables with rows in place, and maintenance.</summary>
public sealed class PartitionTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task The_migration_partitions_existing_tables_by_month_without_losing_a_row()
    {
        await using (var db = _database.NewContext())
            await db.Database.GetService<IMigrator>().MigrateAsync("20261129000011_Scheduler");
        // Rows of three months long ago, of last month and of today, in each table.
        await ExecuteAsync("""
            INSERT INTO workspaces (id, created_at, updated_at, slug, name, type, settings) VALUES ('00000000-0000-0000-0000-0000000000a1', now(), now(), 'p', 'P', 'client', '{}');
            INSERT INTO instances (id, created_at, updated_at, workspace_id, name, db_type, host, port, last_connection_state)
              VALUES ('00000000-0000-0000-0000-0000000000b1', now(), now(), '00000000-0000-0000-0000-0000000000a1', 'db', 'postgresql', 'h', 5432, 'unknown');
            INSERT INTO instance_databases (id, created_at, updated_at, workspace_id, instance_id, name, first_seen_at, last_seen_at)
              VALUES ('00000000-0000-0000-0000-0000000000c1', now(), now(), '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000b1', 'app', now(), now());
            INSERT INTO item_state_history (id, created_at, updated_at, item_execution_id, run_id, from_status, to_status, attempt, occurred_at)
              SELECT gen_random_uuid(), now(), now(), gen_random_uuid(), gen_random_uuid(), 'pending', 'processing', 1, t
              FROM unnest(ARRAY[timestamptz '2025-01-15 10:00+00', '2025-02-28 23:59:59+00', '2025-03-01 00:00+00', now() - interval '1 month', now()]) t;
            INSERT INTO database_size_stats (id, created_at, updated_at, workspace_id, instance_id, database_id, day, size_bytes, collected_at)
              SELECT gen_random_uuid(), now(), now(), '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000b1',
                     '00000000-0000-0000-0000-0000000000c1', d, 100, now()
              FROM unnest(ARRAY[date '2025-01-31', date '2025-02-01', current_date]) d;
            INSERT INTO instance_size_stats (id, created_at, updated_at, workspace_id, instance_id, day, total_size_bytes, database_count, collected_at)
              SELECT gen_random_uuid(), now(), now(), '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000b1', d, 100, 1, now()
              FROM unnest(ARRAY[date '2025-01-31', current_date]) d;
            """);

        await using (var db = _database.NewContext())
            await db.Database.MigrateAsync();

        Assert.Equal(5, await ScalarAsync("SELECT COUNT(*) FROM item_state_history"));
        Assert.Equal(3, await ScalarAsync("SELECT COUNT(*) FROM database_size_stats"));
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM instance_size_stats"));
        foreach (var table in PartitionedTables.All)
        {
            Assert.Equal(1, await ScalarAsync($"SELECT COUNT(*) FROM pg_class WHERE relname = '{table.Name}' AND relkind = 'p'"));
            Assert.Equal(0, await ScalarAsync($"SELECT COUNT(*) FROM {table.Name}_default"));
        }
        // Each row in the partition of its month; the months with rows and the coming ones made.
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM item_state_history_p202501"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM item_state_history_p202502"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM item_state_history_p202503"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM database_size_stats_p202501"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM database_size_stats_p202502"));
        var store = new PostgresPartitionStore(NpgsqlDataSource.Create(_database.ConnectionString));
        var health = await store.ReadAsync(DateTime.UtcNow, CancellationToken.None);
        Assert.All(health, t => Assert.Empty(t.Warnings));
        // Unique indexes still hold, across partitions: a second size of one database on one day is refused.
        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(
            "INSERT INTO database_size_stats (id, created_at, updated_at, workspace_id, instance_id, database_id, day, size_bytes, collected_at) " +
            "VALUES (gen_random_uuid(), now(), now(), '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000c1', current_date, 1, now())"));
    }

    [Fact]
    public async Task Maintenance_makes_the_coming_months_and_drops_months_past_retention_but_a_kept_runs_history()
    {
        await using (var db = _database.NewContext())
            await db.Database.MigrateAsync();
        var store = new PostgresPartitionStore(NpgsqlDataSource.Create(_database.ConnectionString));
        var now = DateTime.UtcNow;
        var next = now.AddMonths(1);
        // A coming month missing is a warning; maintenance makes it again.
        await ExecuteAsync($"DROP TABLE item_state_history_p{next:yyyyMM}");
        var warned = await store.ReadAsync(now, CancellationToken.None);
        Assert.Equal([$"{next:yyyy-MM}"], warned.Single(t => t.Table == "item_state_history").MissingMonths);

        // Two old months of history: one only of runs gone, one with a row of a run that is kept.
        await ExecuteAsync("""
            CREATE TABLE item_state_history_p202001 PARTITION OF item_state_history FOR VALUES FROM ('2020-01-01 00:00:00+00') TO ('2020-02-01 00:00:00+00');
            CREATE TABLE item_state_history_p202002 PARTITION OF item_state_history FOR VALUES FROM ('2020-02-01 00:00:00+00') TO ('2020-03-01 00:00:00+00');
            CREATE TABLE database_size_stats_p202001 PARTITION OF database_size_stats FOR VALUES FROM ('2020-01-01') TO ('2020-02-01');
            INSERT INTO item_state_history (id, created_at, updated_at, item_execution_id, run_id, from_status, to_status, attempt, occurred_at)
              VALUES (gen_random_uuid(), now(), now(), gen_random_uuid(), gen_random_uuid(), 'pending', 'processing', 1, '2020-01-10 00:00+00');
            INSERT INTO workspaces (id, created_at, updated_at, slug, name, type, settings) VALUES ('00000000-0000-0000-0000-0000000000a1', now(), now(), 'p', 'P', 'client', '{}');
            INSERT INTO automations (id, created_at, updated_at, workspace_id, name, handler_kind, handler_config) VALUES ('00000000-0000-0000-0000-0000000000d1', now(), now(), '00000000-0000-0000-0000-0000000000a1', 'a', 'noop', '{}');
            INSERT INTO runs (id, created_at, updated_at, workspace_id, automation_id, trigger, status)
              VALUES ('00000000-0000-0000-0000-0000000000e1', now(), now(), '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000d1', 'api', 'completed');
            INSERT INTO item_state_history (id, created_at, updated_at, item_execution_id, run_id, from_status, to_status, attempt, occurred_at)
              VALUES (gen_random_uuid(), now(), now(), gen_random_uuid(), '00000000-0000-0000-0000-0000000000e1', 'pending', 'processing', 1, '2020-02-10 00:00+00');
            """);

        var result = await store.MaintainAsync(now, new RetentionOptions(), CancellationToken.None);
        Assert.Equal([$"item_state_history_p{next:yyyyMM}"], result.Created);
        Assert.Equal(["item_state_history_p202001", "database_size_stats_p202001"], result.Dropped);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM item_state_history_p202002"));
        Assert.All(await store.ReadAsync(now, CancellationToken.None), t => Assert.Empty(t.Warnings));
        // A second pass has nothing to do.
        var again = await store.MaintainAsync(now, new RetentionOptions(), CancellationToken.None);
        Assert.Empty(again.Created);
        Assert.Empty(again.Dropped);
    }
}
