using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>Personal access tokens: the hash, a hint, the scope and the last use; each refers to the session that carries its expiry and revocation.</summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261130000017_ApiTokens")]
public sealed class M0017_ApiTokens : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = new SchemaBuilder(migrationBuilder);
        schema.Table("api_tokens", TableKind.Entity)
            .Column<Guid>("session_id")
            .Column<Guid>("user_id")
            .Text("name", 100)
            .Text("token_hash", 64)
            .Text("hint", 12)
            .Text("role", 20)
            .Text("workspace_ids", 50 * 37, nullable: true)
            .Column<DateTime>("expires_at")
            .Column<DateTime?>("last_used_at")
            .References("session_id", "auth_sessions")
            .References("user_id", "users")
            .Create();
        schema.Unique("api_tokens", "token_hash");
        schema.Index("api_tokens", "user_id");
        schema.Index("api_tokens", "session_id");
    }
}
