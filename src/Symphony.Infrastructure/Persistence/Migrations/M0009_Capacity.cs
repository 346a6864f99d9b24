using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>
/// Capacity: each instance's database inventory, daily database and instance sizes (one row per day, upserted),
/// table sizes collected on demand; and when an instance's accounts and capacity were last synced.
/// </summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261122000008_Capacity")]
public sealed class M0009_Capacity : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>("accounts_synced_at", "instances", nullable: true);
        migrationBuilder.AddColumn<DateTime>("capacity_synced_at", "instances", nullable: true);
        // Instances synced before this column existed keep their "synced" state.
        migrationBuilder.Sql("UPDATE instances SET accounts_synced_at = (SELECT max(a.last_seen_at) FROM accounts a WHERE a.instance_id = instances.id)");

        var schema = new SchemaBuilder(migrationBuilder);
        schema.Table("instance_databases", TableKind.Versioned)
            .Column<Guid>("workspace_id")
            .Column<Guid>("instance_id")
            .Text("name", 200)
            .Column<DateTime>("first_seen_at")
            .Column<DateTime>("last_seen_at")
            .Column<long?>("size_bytes")
            .Column<DateTime?>("tables_collected_at")
            .Column<int>("tables_total", defaultValue: 0)
            .References("instance_id", "instances")
            .Create();
        schema.Unique("instance_databases", "instance_id", "name");
        schema.Index("instance_databases", "workspace_id", "name");

        schema.Table("database_size_stats", TableKind.Entity)
            .Column<Guid>("workspace_id")
            .Column<Guid>("instance_id")
            .Column<Guid>("database_id")
            .Column<DateOnly>("day")
            .Column<long>("size_bytes")
            .Column<DateTime>("collected_at")
            .References("database_id", "instance_databases")
            .Create();
        schema.Unique("database_size_stats", "database_id", "day");
        schema.Index("database_size_stats", "instance_id", "day");

        schema.Table("instance_size_stats", TableKind.Entity)
            .Column<Guid>("workspace_id")
            .Column<Guid>("instance_id")
            .Column<DateOnly>("day")
            .Column<long>("total_size_bytes")
            .Column<int>("database_count")
            .Column<DateTime>("collected_at")
            .References("instance_id", "instances")
            .Create();
        schema.Unique("instance_size_stats", "instance_id", "day");

        schema.Table("table_size_stats", TableKind.Entity)
            .Column<Guid>("workspace_id")
            .Column<Guid>("instance_id")
            .Column<Guid>("database_id")
            .Text("schema_name", 200)
            .Text("table_name", 200)
            .Text("kind", 30)
            .Column<long>("total_bytes")
            .Column<long>("table_bytes")
            .Column<long>("index_bytes")
            .Column<long>("toast_bytes")
            .Column<long?>("row_estimate")
            .Column<DateTime>("collected_at")
            .References("database_id", "instance_databases")
            .Create();
        schema.Index("table_size_stats", "database_id", "total_bytes");
    }
}
