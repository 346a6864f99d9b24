using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>Identity, sessions, workspaces with members, repos and vaults, and the audit log.</summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261121000001_Foundation")]
public sealed class M0001_Foundation : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = new SchemaBuilder(migrationBuilder);

        schema.Table("users", TableKind.Versioned)
            .Text("username", 100)
            .Text("normalized_username", 100)
            .Text("email", 254, nullable: true)
            .Text("display_name", 200)
            .Text("preferences", null)
            .Text("role", 20)
            .Column<bool>("is_disabled", defaultValue: false)
            .Text("password_hash", 300)
            .Column<DateTime?>("password_changed_at")
            .Column<int>("failed_login_count", defaultValue: 0)
            .Column<DateTime?>("lockout_ends_at")
            .Column<DateTime?>("last_login_at")
            .Create();
        schema.UniqueAmongActive("users", "normalized_username");

        schema.Table("auth_sessions", TableKind.Entity)
            .Column<Guid>("user_id")
            .Text("kind", 20)
            .Column<DateTime>("expires_at")
            .Column<DateTime?>("revoked_at")
            .Text("revoked_reason", 50, nullable: true)
            .Text("ip_address", 64, nullable: true)
            .Text("user_agent", 300, nullable: true)
            .References("user_id", "users")
            .Create();
        schema.Index("auth_sessions", "user_id");

        schema.Table("refresh_tokens", TableKind.Entity)
            .Column<Guid>("session_id")
            .Text("token_hash", 64)
            .Column<DateTime>("expires_at")
            .Column<DateTime?>("used_at")
            .Column<Guid?>("replaced_by_id")
            .References("session_id", "auth_sessions")
            .Create();
        schema.Unique("refresh_tokens", "token_hash");
        schema.Index("refresh_tokens", "session_id");

        schema.Table("workspaces", TableKind.Versioned)
            .Text("slug", 63)
            .Text("name", 100)
            .Text("description", 2000, nullable: true)
            .Text("type", 20)
            .Text("settings", null)
            .Create();
        schema.UniqueAmongActive("workspaces", "slug");

        schema.Table("workspace_members", TableKind.Entity)
            .Column<Guid>("workspace_id")
            .Column<Guid>("user_id")
            .Text("role", 20)
            .References("workspace_id", "workspaces")
            .References("user_id", "users")
            .Create();
        schema.Unique("workspace_members", "workspace_id", "user_id");
        schema.Index("workspace_members", "user_id");

        schema.Table("repos", TableKind.Versioned)
            .Column<Guid>("workspace_id")
            .Text("name", 100)
            .Text("description", 2000, nullable: true)
            .Text("local_path", 500, nullable: true)
            .Text("remote_url", 500, nullable: true)
            .Text("default_branch", 200, nullable: true)
            .Column<DateTime?>("last_synced_at")
            .References("workspace_id", "workspaces")
            .Create();
        schema.UniqueAmongActive("repos", "workspace_id", "name");

        schema.Table("vaults", TableKind.Versioned)
            .Column<Guid>("workspace_id")
            .Text("name", 100)
            .Text("description", 2000, nullable: true)
            .Column<bool>("is_locked", defaultValue: false)
            .Column<DateTime?>("locked_at")
            .Column<Guid?>("locked_by")
            .References("workspace_id", "workspaces")
            .Create();
        schema.UniqueAmongActive("vaults", "workspace_id", "name");

        schema.Table("audit_events", TableKind.Entity)
            .Column<DateTime>("occurred_at")
            .Text("action", 100)
            .Column<Guid?>("actor_id")
            .Text("actor_name", 100, nullable: true)
            .Text("target_type", 50, nullable: true)
            .Text("target_id", 100, nullable: true)
            .Column<Guid?>("workspace_id")
            .Text("ip_address", 64, nullable: true)
            .Text("trace_id", 64, nullable: true)
            .Text("details", null)
            .Create();
        schema.Index("audit_events", "occurred_at");
        schema.Index("audit_events", "action", "occurred_at");
    }
}
