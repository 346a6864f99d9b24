using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>The definition domain of the automation engine: automations, their batches and items.</summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261122000001_AutomationDefinitions")]
public sealed class M0002_AutomationDefinitions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = new SchemaBuilder(migrationBuilder);

        schema.Table("automations", TableKind.Versioned)
            .Column<Guid>("workspace_id")
            .Text("name", 100)
            .Text("description", 2000, nullable: true)
            .Text("handler_kind", 50)
            .Json("handler_config")
            .Json("batch_schema", nullable: true)
            .Json("item_schema", nullable: true)
            .Column<int>("max_attempts", defaultValue: 3)
            .Column<int>("max_concurrency", defaultValue: 4)
            .Column<int>("retry_delay_seconds", defaultValue: 2)
            .References("workspace_id", "workspaces")
            .Create();
        schema.UniqueAmongActive("automations", "workspace_id", "name");

        schema.Table("batches", TableKind.Versioned)
            .Column<Guid>("automation_id")
            .Text("name", 100)
            .Json("payload")
            .References("automation_id", "automations")
            .Create();
        schema.UniqueAmongActive("batches", "automation_id", "name");

        schema.Table("items", TableKind.Versioned)
            .Column<Guid>("batch_id")
            .Column<int>("sequence_number")
            .Json("payload")
            .References("batch_id", "batches")
            .Create();
        schema.UniqueAmongActive("items", "batch_id", "sequence_number");
    }
}
