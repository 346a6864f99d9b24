using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>The execution domain: runs, batch executions, item executions (the durable queue) and their history.</summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261122000002_Runs")]
public sealed class M0003_Runs : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = new SchemaBuilder(migrationBuilder);

        schema.Table("runs", TableKind.Entity)
            .Column<Guid>("workspace_id")
            .Column<Guid>("automation_id")
            .Text("trigger", 20)
            .Text("correlation_id", 100, nullable: true)
            .Text("idempotency_key", 200, nullable: true)
            .Text("status", 20)
            .Column<DateTime?>("started_at")
            .Column<DateTime?>("finished_at")
            .Text("error_summary", null, nullable: true)
            .Text("cancellation_reason", 500, nullable: true)
            .References("automation_id", "automations")
            .Create();
        schema.Index("runs", "workspace_id", "created_at");
        schema.Index("runs", "automation_id", "status");
        migrationBuilder.CreateIndex("ux_runs_workspace_id_idempotency_key", "runs", ["workspace_id", "idempotency_key"],
            unique: true, filter: "idempotency_key IS NOT NULL");

        schema.Table("batch_executions", TableKind.Entity)
            .Column<Guid>("run_id")
            .Column<Guid>("batch_id")
            .References("run_id", "runs")
            .Create();
        schema.Unique("batch_executions", "run_id", "batch_id");

        ItemExecutions(schema).Create();
        // The queue: due items in order; processing items per automation (concurrency) and by lease (reaping).
        schema.Index("item_executions", "status", "next_attempt_at");
        schema.Index("item_executions", "automation_id", "status");
        schema.Index("item_executions", "run_id", "status");

        schema.Table("item_state_history", TableKind.Entity)
            .Column<Guid>("item_execution_id")
            .Column<Guid>("run_id")
            .Text("from_status", 20)
            .Text("to_status", 20)
            .Column<int>("attempt")
            .Column<DateTime>("occurred_at")
            .Text("reason", 2000, nullable: true)
            .Text("worker", 100, nullable: true)
            .Create();
        schema.Index("item_state_history", "item_execution_id", "occurred_at");
        schema.Index("item_state_history", "run_id");
    }

    /// <summary>The item_executions table as this migration made it; <see cref="M0025_ExecutionModel"/> makes it again on SQLite, with its new keys.</summary>
    internal static TableBuilder ItemExecutions(SchemaBuilder schema) =>
        schema.Table("item_executions", TableKind.Entity)
            .Column<Guid>("run_id")
            .Column<Guid>("batch_execution_id")
            .Column<Guid>("item_id")
            .Column<Guid>("automation_id")
            .Text("status", 20)
            .Column<int>("attempt_count", defaultValue: 0)
            .Column<int>("max_attempts", defaultValue: 1)
            .Column<DateTime>("next_attempt_at")
            .Column<DateTime?>("started_at")
            .Column<DateTime?>("finished_at")
            .Json("payload")
            .Json("result_payload", nullable: true)
            .Text("error", null, nullable: true)
            .Text("lease_owner", 100, nullable: true)
            .Column<DateTime?>("lease_expires_at")
            .Column<long?>("duration_ms")
            .References("run_id", "runs");
}
