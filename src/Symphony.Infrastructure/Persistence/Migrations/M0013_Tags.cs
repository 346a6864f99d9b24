using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>Tags of a workspace and their assignment to instances.</summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261129000013_Tags")]
public sealed class M0013_Tags : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = new SchemaBuilder(migrationBuilder);
        schema.Table("tags", TableKind.Versioned)
            .Column<Guid>("workspace_id")
            .Text("code", 50)
            .Text("display_name", 100)
            .Text("category", 50, nullable: true)
            .Text("colour", 7, nullable: true)
            .References("workspace_id", "workspaces")
            .Create();
        schema.UniqueAmongActive("tags", "workspace_id", "code");

        schema.Table("instance_tags", TableKind.Entity)
            .Column<Guid>("workspace_id")
            .Column<Guid>("instance_id")
            .Column<Guid>("tag_id")
            .References("instance_id", "instances")
            .References("tag_id", "tags")
            .Create();
        schema.Unique("instance_tags", "instance_id", "tag_id");
        schema.Index("instance_tags", "tag_id");
    }
}
