using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>The fleet's database instances.</summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261122000006_Instances")]
public sealed class M0007_Instances : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = new SchemaBuilder(migrationBuilder);
        schema.Table("instances", TableKind.Versioned)
            .Column<Guid>("workspace_id")
            .Text("name", 100)
            .Text("db_type", 20)
            .Text("host", 253)
            .Column<int>("port")
            .Text("database_name", 128, nullable: true)
            .Column<Guid?>("credential_id")
            .Text("environment", 20, nullable: true)
            .Text("description", 2000, nullable: true)
            .Text("server_version", 300, nullable: true)
            .Column<int?>("server_major_version")
            .Column<DateTime?>("last_connected_at")
            .Column<DateTime?>("last_checked_at")
            .Text("last_connection_state", 20)
            .Text("last_connection_error", 1000, nullable: true)
            .References("workspace_id", "workspaces")
            .Create();
        schema.UniqueAmongActive("instances", "workspace_id", "name");
        schema.Index("instances", "workspace_id", "db_type");
    }
}
