using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>
/// Each account's sign-in state (can_sign_in, role, password_expired, account_locked, validity_ended,
/// no_login_plugin), written by the accounts sync; empty until the next one, which judges every account (its
/// facts gain the state, so none is skipped as unchanged).
/// </summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261207000023_SignInStates")]
public sealed class M0023_SignInStates : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("sign_in_state", "accounts", maxLength: 30, nullable: false, defaultValue: "");
}
