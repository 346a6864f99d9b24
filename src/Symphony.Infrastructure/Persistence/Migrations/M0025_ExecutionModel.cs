using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>
/// The execution model's keys and a batch's own progress. A batch execution gets a status with its start and finish
/// (derived from its items for the rows already there) and a partial index over the processing ones. An item
/// execution gets foreign keys to its item and to its batch execution of the same run ((run_id, batch_execution_id),
/// so one index serves the run's key and the batch's: (run_id, status) becomes (run_id, batch_execution_id, status)),
/// and a unique index over (item_id, run_id) (an item once per run; led by item_id, it is also the index that finds an
/// item's executions and checks the item's key). The rows are checked first: a repeated (run_id, item_id) or a row naming an item or
/// a batch execution that is gone stops the upgrade with a message saying how to find them, before anything changes.
/// SQLite cannot add a foreign key to a table, so there the table is made again and its rows copied.
/// </summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261207000025_ExecutionModel")]
public sealed class M0025_ExecutionModel : Migration
{
    internal const string DuplicatesFound =
        "Upgrade stopped before changing anything: item_executions holds more than one row for one (run_id, item_id), which the new unique index forbids. "
        + "Find them with SELECT run_id, item_id, COUNT(*) FROM item_executions GROUP BY run_id, item_id HAVING COUNT(*) > 1; keep one row of each, then start Symphony again.";

    internal const string OrphansFound =
        "Upgrade stopped before changing anything: item_executions holds rows naming an item or a batch execution of their run that does not exist, which the new foreign keys forbid. "
        + "Find them with SELECT id FROM item_executions e WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = e.item_id) "
        + "OR NOT EXISTS (SELECT 1 FROM batch_executions b WHERE b.id = e.batch_execution_id AND b.run_id = e.run_id); delete them, then start Symphony again.";

    /// <summary>The columns item_executions has had since <see cref="M0003_Runs"/>, named so the copy does not depend on their order.</summary>
    private const string Columns = "id, created_at, updated_at, created_by, updated_by, run_id, batch_execution_id, item_id, automation_id, status, "
        + "attempt_count, max_attempts, next_attempt_at, started_at, finished_at, payload, result_payload, error, lease_owner, lease_expires_at, duration_ms";

    private const string Duplicates = "SELECT COUNT(*) FROM (SELECT 1 FROM item_executions GROUP BY run_id, item_id HAVING COUNT(*) > 1) AS d";

    private const string Orphans = """
        SELECT COUNT(*) FROM item_executions e
        WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = e.item_id)
           OR NOT EXISTS (SELECT 1 FROM batch_executions b WHERE b.id = e.batch_execution_id AND b.run_id = e.run_id)
        """;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var postgres = migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL";
        CheckRows(migrationBuilder, postgres);

        migrationBuilder.AddColumn<string>("status", "batch_executions", maxLength: 20, nullable: false, defaultValue: "processing");
        migrationBuilder.AddColumn<DateTime>("started_at", "batch_executions", nullable: true);
        migrationBuilder.AddColumn<DateTime>("finished_at", "batch_executions", nullable: true);
        // A batch started with its run; it is finished once none of its items is left to do. Each look at its items
        // names its run too, so it is served by the (run_id, status) index, not a scan per batch.
        migrationBuilder.Sql("""
            UPDATE batch_executions SET
                started_at = (SELECT r.started_at FROM runs r WHERE r.id = batch_executions.run_id),
                status = CASE
                    WHEN EXISTS (SELECT 1 FROM item_executions e WHERE e.run_id = batch_executions.run_id AND e.batch_execution_id = batch_executions.id AND e.status IN ('pending', 'processing', 'retrying')) THEN 'processing'
                    WHEN EXISTS (SELECT 1 FROM item_executions e WHERE e.run_id = batch_executions.run_id AND e.batch_execution_id = batch_executions.id AND e.status = 'failed') THEN 'failed'
                    WHEN EXISTS (SELECT 1 FROM item_executions e WHERE e.run_id = batch_executions.run_id AND e.batch_execution_id = batch_executions.id AND e.status = 'cancelled') THEN 'cancelled'
                    ELSE 'completed' END,
                finished_at = CASE
                    WHEN EXISTS (SELECT 1 FROM item_executions e WHERE e.run_id = batch_executions.run_id AND e.batch_execution_id = batch_executions.id AND e.status IN ('pending', 'processing', 'retrying')) THEN NULL
                    ELSE COALESCE((SELECT MAX(e.finished_at) FROM item_executions e WHERE e.run_id = batch_executions.run_id AND e.batch_execution_id = batch_executions.id),
                                  (SELECT r.finished_at FROM runs r WHERE r.id = batch_executions.run_id), batch_executions.created_at) END
            """);
        migrationBuilder.CreateIndex("ix_batch_executions_status", "batch_executions", ["status"], filter: "status = 'processing'");
        // What an item execution's key to its batch execution names.
        migrationBuilder.CreateIndex("ux_batch_executions_run_id_id", "batch_executions", ["run_id", "id"], unique: true);

        if (postgres)
        {
            migrationBuilder.DropIndex("ix_item_executions_run_id_status", "item_executions");
            migrationBuilder.AddForeignKey("fk_item_executions_item_id", "item_executions", "item_id", "items", principalColumn: "id", onDelete: ReferentialAction.NoAction);
            migrationBuilder.AddForeignKey("fk_item_executions_run_id_batch_execution_id", "item_executions", ["run_id", "batch_execution_id"], "batch_executions",
                principalColumns: ["run_id", "id"], onDelete: ReferentialAction.NoAction);
        }
        else
            MakeAgainWithKeys(migrationBuilder);
        migrationBuilder.CreateIndex("ux_item_executions_item_id_run_id", "item_executions", ["item_id", "run_id"], unique: true);
        migrationBuilder.CreateIndex("ix_item_executions_run_id_batch_execution_id_status", "item_executions", ["run_id", "batch_execution_id", "status"]);
    }

    /// <summary>Stops the migration (and so the start) with a message naming the rows the new keys would refuse.</summary>
    private static void CheckRows(MigrationBuilder migrationBuilder, bool postgres)
    {
        if (postgres)
        {
            migrationBuilder.Sql($"""
                DO $$
                BEGIN
                    IF ({Duplicates}) > 0 THEN RAISE EXCEPTION '{DuplicatesFound.Replace("'", "''", StringComparison.Ordinal)}'; END IF;
                    IF ({Orphans}) > 0 THEN RAISE EXCEPTION '{OrphansFound.Replace("'", "''", StringComparison.Ordinal)}'; END IF;
                END $$;
                """);
            return;
        }
        // SQLite has no statement that raises an error of one's own outside a trigger; a failed CHECK names its constraint.
        migrationBuilder.Sql($"""
            CREATE TEMP TABLE migration_0025_check (
                duplicates INTEGER CONSTRAINT "{DuplicatesFound.Replace("\"", "\"\"", StringComparison.Ordinal)}" CHECK (duplicates = 0),
                orphans INTEGER CONSTRAINT "{OrphansFound.Replace("\"", "\"\"", StringComparison.Ordinal)}" CHECK (orphans = 0));
            INSERT INTO migration_0025_check VALUES (({Duplicates}), ({Orphans}));
            DROP TABLE migration_0025_check;
            """);
    }

    /// <summary>SQLite's way to add foreign keys: the table made again with them, its rows copied, its indexes made again.</summary>
    private static void MakeAgainWithKeys(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.RenameTable("item_executions", newName: "item_executions_old");
        M0003_Runs.ItemExecutions(new SchemaBuilder(migrationBuilder))
            .References("item_id", "items", ReferentialAction.NoAction)
            .References(["run_id", "batch_execution_id"], "batch_executions", ["run_id", "id"], ReferentialAction.NoAction)
            .Create();
        migrationBuilder.Sql($"INSERT INTO item_executions ({Columns}) SELECT {Columns} FROM item_executions_old");
        migrationBuilder.DropTable("item_executions_old");
        migrationBuilder.CreateIndex("ix_item_executions_due", "item_executions", ["next_attempt_at", "id"], filter: "status IN ('pending', 'retrying')");
        migrationBuilder.CreateIndex("ix_item_executions_leased", "item_executions", ["lease_owner"], filter: "status = 'processing'");
    }
}
