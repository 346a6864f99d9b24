using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

using Symphony.Infrastructure.Retention;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>
/// PostgreSQL: the item state history and the daily capacity tables become partitioned by month (range on their time
/// column), with a default partition for rows outside every month made so far. Existing rows are copied into the
/// new table in the migration's transaction, so none is lost. SQLite keeps plain tables.
/// </summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261129000012_Partitions")]
public sealed class M0012_Partitions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.ActiveProvider != "Npgsql.EntityFrameworkCore.PostgreSQL") return;
        foreach (var table in PartitionedTables.All)
        {
            migrationBuilder.Sql($"ALTER TABLE {table.Name} RENAME TO {table.Name}_unpartitioned");
            // The old table's constraints and indexes go first, so the new ones take their names.
            migrationBuilder.Sql($"""
                DO $$
                DECLARE item record;
                BEGIN
                  FOR item IN SELECT conname FROM pg_constraint WHERE conrelid = '{table.Name}_unpartitioned'::regclass AND contype IN ('p', 'f', 'u') LOOP
                    EXECUTE format('ALTER TABLE {table.Name}_unpartitioned DROP CONSTRAINT %I', item.conname);
                  END LOOP;
                  FOR item IN SELECT indexname FROM pg_indexes WHERE tablename = '{table.Name}_unpartitioned' AND schemaname = current_schema() LOOP
                    EXECUTE format('DROP INDEX %I', item.indexname);
                  END LOOP;
                END $$
                """);
            migrationBuilder.Sql($"CREATE TABLE {table.Name} (LIKE {table.Name}_unpartitioned INCLUDING DEFAULTS) PARTITION BY RANGE ({table.Column})");
            migrationBuilder.Sql($"ALTER TABLE {table.Name} ADD CONSTRAINT pk_{table.Name} PRIMARY KEY (id, {table.Column})");
            foreach (var statement in table.Indexes) migrationBuilder.Sql(statement);
            migrationBuilder.Sql($"CREATE TABLE {table.Name}_default PARTITION OF {table.Name} DEFAULT");
            // A partition for every month that has rows, and this month and the next two.
            migrationBuilder.Sql($"""
                DO $$
                DECLARE month date;
                BEGIN
                  FOR month IN
                    SELECT DISTINCT date_trunc('month', {table.Column})::date FROM {table.Name}_unpartitioned
                    UNION SELECT (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => n))::date FROM generate_series(0, 2) n
                  LOOP
                    EXECUTE format('CREATE TABLE %I PARTITION OF {table.Name} FOR VALUES FROM (%L) TO (%L)',
                      '{table.Name}_p' || to_char(month, 'YYYYMM'), {table.Bound("month")}, {table.Bound("(month + interval '1 month')::date")});
                  END LOOP;
                END $$
                """);
            migrationBuilder.Sql($"INSERT INTO {table.Name} SELECT * FROM {table.Name}_unpartitioned");
            migrationBuilder.Sql($"DROP TABLE {table.Name}_unpartitioned");
        }
    }
}
