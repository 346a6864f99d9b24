using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>
/// Failed sign-ins counted per key (account and address, address, account) for every node to see, replacing the
/// per-user lockout columns. Times are Unix milliseconds, compared the same way on both providers.
/// </summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261129000010_SignInFailures")]
public sealed class M0010_SignInFailures : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE sign_in_failures (
                throttle_key VARCHAR(300) NOT NULL PRIMARY KEY,
                failures INTEGER NOT NULL,
                last_failure_ms BIGINT NOT NULL,
                blocked_until_ms BIGINT NULL)
            """);
        migrationBuilder.Sql("CREATE INDEX ix_sign_in_failures_last_failure_ms ON sign_in_failures (last_failure_ms)");
        migrationBuilder.Sql("ALTER TABLE users DROP COLUMN failed_login_count");
        migrationBuilder.Sql("ALTER TABLE users DROP COLUMN lockout_ends_at");
    }
}
