using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>Classifications of accounts, their versioned rules, and the accounts each rule put in them.</summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261129000014_Classifications")]
public sealed class M0014_Classifications : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = new SchemaBuilder(migrationBuilder);
        schema.Table("classifications", TableKind.Versioned)
            .Column<Guid>("workspace_id")
            .Text("code", 50)
            .Text("name", 100)
            .Text("description", 2000, nullable: true)
            .Column<int>("risk_level")
            .Column<int>("priority")
            .Text("colour", 7, nullable: true)
            .References("workspace_id", "workspaces")
            .Create();
        schema.UniqueAmongActive("classifications", "workspace_id", "code");

        schema.Table("classification_rules", TableKind.Entity)
            .Column<Guid>("workspace_id")
            .Column<Guid>("classification_id")
            .Text("db_type", 20)
            .Column<int>("rule_version")
            .Json("expression")
            .References("classification_id", "classifications")
            .Create();
        schema.Unique("classification_rules", "classification_id", "db_type", "rule_version");
        schema.Index("classification_rules", "workspace_id", "db_type");

        schema.Table("account_classifications", TableKind.Entity)
            .Column<Guid>("workspace_id")
            .Column<Guid>("instance_id")
            .Column<Guid>("account_id")
            .Column<Guid>("classification_id")
            .Column<Guid>("rule_id")
            .Column<int>("rule_version")
            .Column<Guid?>("run_id")
            .Column<DateTime>("assigned_at")
            .References("account_id", "accounts")
            .Create();
        schema.Unique("account_classifications", "account_id", "classification_id");
        schema.Index("account_classifications", "workspace_id", "classification_id");
        schema.Index("account_classifications", "instance_id");
    }
}
