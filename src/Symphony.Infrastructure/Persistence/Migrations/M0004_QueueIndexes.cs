using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>
/// Partial indexes for the queue: a claim reads the due items in order from an index that holds only queued
/// rows (before, it sorted every queued row of the table on each claim), and processing rows are found by their
/// lease owner. Finished rows leave both indexes, so they cost nothing to keep.
/// </summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261122000003_QueueIndexes")]
public sealed class M0004_QueueIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_item_executions_status_next_attempt_at", "item_executions");
        migrationBuilder.DropIndex("ix_item_executions_automation_id_status", "item_executions");
        migrationBuilder.CreateIndex("ix_item_executions_due", "item_executions", ["next_attempt_at", "id"],
            filter: "status IN ('pending', 'retrying')");
        migrationBuilder.CreateIndex("ix_item_executions_leased", "item_executions", ["lease_owner"],
            filter: "status = 'processing'");
    }
}
