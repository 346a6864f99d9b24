using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>Credentials in vaults: a username and an envelope-encrypted secret.</summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261122000005_Credentials")]
public sealed class M0006_Credentials : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = new SchemaBuilder(migrationBuilder);
        schema.Table("credentials", TableKind.Versioned)
            .Column<Guid>("workspace_id")
            .Column<Guid>("vault_id")
            .Text("name", 100)
            .Text("username", 200)
            .Text("description", 2000, nullable: true)
            .Text("key_id", 50)
            .Column<byte[]>("wrapped_key")
            .Column<byte[]>("secret_ciphertext")
            .Column<DateTime>("secret_updated_at")
            .References("vault_id", "vaults")
            .Create();
        schema.UniqueAmongActive("credentials", "vault_id", "name");
        // Rotation finds the rows not yet on the active key.
        schema.Index("credentials", "key_id");
    }
}
