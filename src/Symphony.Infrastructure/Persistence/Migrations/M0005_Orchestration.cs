using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>External engines, the workflows started on them, and their links to runs.</summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261122000004_Orchestration")]
public sealed class M0005_Orchestration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = new SchemaBuilder(migrationBuilder);

        schema.Table("engines", TableKind.Versioned)
            .Column<Guid>("workspace_id")
            .Text("name", 100)
            .Text("type", 20)
            .Text("description", 2000, nullable: true)
            .Text("base_url", 2000, nullable: true)
            .Json("config")
            .References("workspace_id", "workspaces")
            .Create();
        schema.UniqueAmongActive("engines", "workspace_id", "name");

        schema.Table("orchestration_instances", TableKind.Versioned)
            .Column<Guid>("workspace_id")
            .Column<Guid>("engine_id")
            .Text("external_id", 200, nullable: true)
            .Text("status", 20)
            .Column<DateTime?>("started_at")
            .Column<DateTime?>("finished_at")
            .Column<int?>("duration_seconds")
            .Json("metadata")
            .Text("callback_token_hash", 64, nullable: true)
            .References("engine_id", "engines")
            .Create();
        migrationBuilder.CreateIndex("ux_orchestration_instances_engine_id_external_id", "orchestration_instances",
            ["engine_id", "external_id"], unique: true, filter: "external_id IS NOT NULL");
        // Monitoring: what is running, newest first.
        schema.Index("orchestration_instances", "workspace_id", "status", "started_at");

        schema.Table("run_orchestrations", TableKind.Entity)
            .Column<Guid>("run_id")
            .Column<Guid>("orchestration_instance_id")
            .Column<DateTime>("attached_at")
            .References("run_id", "runs")
            .References("orchestration_instance_id", "orchestration_instances")
            .Create();
        schema.Unique("run_orchestrations", "run_id", "orchestration_instance_id");
        schema.Index("run_orchestrations", "orchestration_instance_id");
    }
}
