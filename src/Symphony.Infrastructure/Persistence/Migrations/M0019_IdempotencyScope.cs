using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>A run's idempotency key answers the operation it came with only: a digest of that operation beside the key.</summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261207000019_IdempotencyScope")]
public sealed class M0019_IdempotencyScope : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("idempotency_scope", "runs", maxLength: 64, nullable: true);
}
