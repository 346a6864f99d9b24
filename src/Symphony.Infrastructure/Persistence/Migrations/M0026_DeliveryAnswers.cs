using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>The HTTP status a webhook's receiver answered each delivery with (the console's deliveries table); null for older ones.</summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261208000026_DeliveryAnswers")]
public sealed class M0026_DeliveryAnswers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<int>("response_status", "webhook_deliveries", nullable: true);
}
