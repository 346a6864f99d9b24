using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>Capacity aggregated by day, ISO week, month and quarter, per database and per instance; an instance's capacity threshold.</summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261129000016_CapacityAggregates")]
public sealed class M0016_CapacityAggregates : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = new SchemaBuilder(migrationBuilder);
        foreach (var (table, owner) in new[] { ("database_size_aggregates", "database_id"), ("instance_size_aggregates", "instance_id") })
        {
            var builder = schema.Table(table, TableKind.Keyed)
                .Column<Guid>("workspace_id");
            if (owner == "database_id") builder.Column<Guid>("instance_id").Column<Guid>("database_id");
            else builder.Column<Guid>("instance_id");
            builder
                .Text("period_type", 10)
                .Column<DateOnly>("period_start")
                .Column<DateOnly>("period_end")
                .Column<int>("days")
                .Column<long>("avg_size_bytes")
                .Column<long>("min_size_bytes")
                .Column<long>("max_size_bytes")
                .Column<long>("first_size_bytes")
                .Column<long>("last_size_bytes")
                .Column<long>("change_bytes")
                .Column<double?>("growth_percent")
                .Text("trend", 10)
                .Column<bool>("is_partial")
                .Column<DateTime>("computed_at")
                .References(owner, owner == "database_id" ? "instance_databases" : "instances")
                .Key(owner, "period_type", "period_start")
                .Create();
            // Summaries of a workspace's period (top growers) and of an instance's databases.
            schema.Index(table, "workspace_id", "period_type", "period_start");
        }
        schema.Index("database_size_aggregates", "instance_id", "period_type", "period_start");
        migrationBuilder.AddColumn<long>("capacity_threshold_bytes", "instances", nullable: true);
    }
}
