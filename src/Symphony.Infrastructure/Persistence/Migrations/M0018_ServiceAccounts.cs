using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>Service accounts: users that belong to one workspace, named by <c>service_workspace_id</c>.</summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261130000018_ServiceAccounts")]
public sealed class M0018_ServiceAccounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // No foreign key: SQLite cannot add one to an existing table; the workspace is soft-deleted, never removed.
        migrationBuilder.AddColumn<Guid>("service_workspace_id", "users", nullable: true);
        new SchemaBuilder(migrationBuilder).Index("users", "service_workspace_id");
    }
}
