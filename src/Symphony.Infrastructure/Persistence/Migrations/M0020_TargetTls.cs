using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>An instance's TLS mode (prefer, require, verify_ca, verify_full, disable) and whether it may be sent the password itself.</summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261207000020_TargetTls")]
public sealed class M0020_TargetTls : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("tls_mode", "instances", maxLength: 20, nullable: false, defaultValue: "prefer");
        migrationBuilder.AddColumn<bool>("allow_cleartext_password", "instances", nullable: false, defaultValue: false);
    }
}
