using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>The account ledger: accounts per instance with their permission snapshot and facts, and their change log.</summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261122000007_Accounts")]
public sealed class M0008_Accounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = new SchemaBuilder(migrationBuilder);
        schema.Table("accounts", TableKind.Versioned)
            .Column<Guid>("workspace_id")
            .Column<Guid>("instance_id")
            .Text("name", 200)
            .Column<bool>("is_superuser")
            .Column<bool>("can_login")
            .Column<bool>("is_locked")
            .Column<DateTime?>("password_expires_at")
            .Column<DateTime>("first_seen_at")
            .Column<DateTime>("last_seen_at")
            .Column<DateTime?>("last_changed_at")
            .Json("snapshot")
            .Json("facts")
            .Text("snapshot_hash", 64)
            .Text("facts_hash", 64)
            .References("instance_id", "instances")
            .Create();
        // One row per role name and instance, deactivated or not: a returning role is the same account.
        schema.Unique("accounts", "instance_id", "name");
        schema.Index("accounts", "workspace_id", "name");

        schema.Table("account_changes", TableKind.Entity)
            .Column<Guid>("workspace_id")
            .Column<Guid>("instance_id")
            .Column<Guid>("account_id")
            .Text("account_name", 200)
            .Column<Guid?>("run_id")
            .Text("kind", 20)
            .Json("diff")
            .Column<DateTime>("occurred_at")
            .Create();
        schema.Index("account_changes", "account_id", "occurred_at");
        schema.Index("account_changes", "workspace_id", "occurred_at");
    }
}
