using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>
/// What PostgreSQL's PUBLIC holds on each object of an instance, written by each accounts sync: every role has it,
/// so the effective privileges of an account and "who can do X on Y" include it. Null until the next sync.
/// </summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261207000022_PublicGrants")]
public sealed class M0022_PublicGrants : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("public_grants", "instances", nullable: true);
}
