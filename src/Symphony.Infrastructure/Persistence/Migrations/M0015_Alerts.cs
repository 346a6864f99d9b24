using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>Webhooks, the alert events waiting for them, and the deliveries made; failed runs found by their end.</summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261129000015_Alerts")]
public sealed class M0015_Alerts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = new SchemaBuilder(migrationBuilder);
        schema.Table("webhooks", TableKind.Versioned)
            .Column<Guid>("workspace_id")
            .Text("name", 100)
            .Text("url", 2000)
            .Text("events", 200)
            .Column<int>("min_risk_level", defaultValue: 1)
            .Column<bool>("is_enabled", defaultValue: true)
            .Text("key_id", 100)
            .Column<byte[]>("wrapped_key")
            .Column<byte[]>("secret_ciphertext")
            .Column<DateTime>("secret_updated_at")
            .References("workspace_id", "workspaces")
            .Create();
        schema.UniqueAmongActive("webhooks", "workspace_id", "name");

        schema.Table("alert_events", TableKind.Entity)
            .Column<Guid>("workspace_id")
            .Text("event", 50)
            .Text("source_key", 100)
            .Json("payload")
            .Column<int?>("risk_level")
            .Column<DateTime>("occurred_at")
            .Column<DateTime?>("dispatched_at")
            .References("workspace_id", "workspaces")
            .Create();
        schema.Unique("alert_events", "workspace_id", "event", "source_key");
        schema.Index("alert_events", "dispatched_at", "occurred_at");

        schema.Table("webhook_deliveries", TableKind.Entity)
            .Column<Guid>("workspace_id")
            .Column<Guid>("webhook_id")
            .Column<Guid>("alert_event_id")
            .Text("event", 50)
            .Column<Guid>("item_id")
            .Column<Guid?>("run_id")
            .References("webhook_id", "webhooks")
            .Create();
        schema.Index("webhook_deliveries", "webhook_id", "created_at");
        schema.Index("webhook_deliveries", "item_id");

        // The dispatcher looks for runs that failed lately.
        schema.Index("runs", "status", "finished_at");
    }
}
