using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>
/// What the last accounts sync and the last capacity sync did on each instance (their item's result with the run), so
/// the instance's page says it without searching the runs. Null until the next sync of each kind.
/// </summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261207000024_LastSyncResults")]
public sealed class M0024_LastSyncResults : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("last_accounts_sync", "instances", nullable: true);
        migrationBuilder.AddColumn<string>("last_capacity_sync", "instances", nullable: true);
    }
}
