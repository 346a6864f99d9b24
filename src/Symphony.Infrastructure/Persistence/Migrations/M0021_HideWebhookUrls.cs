using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Symphony.Infrastructure.Persistence.Migrations;

/// <summary>
/// Delivery errors recorded before webhooks' URLs were hidden named the full URL, which for Slack-like receivers is
/// the credential, where every member of the workspace reads it (a run's items and their history). Those errors
/// are replaced by a sentence saying so: the one change ever made to history rows, to take a secret out of them.
/// </summary>
[DbContext(typeof(SymphonyDbContext))]
[Migration("20261207000021_HideWebhookUrls")]
public sealed class M0021_HideWebhookUrls : Migration
{
    private const string Removed = "The delivery failed; its error named the webhook's full URL and was removed when URLs were hidden.";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        const string deliveries = "SELECT id FROM automations WHERE name = 'builtin.webhooks'";
        migrationBuilder.Sql($"""
            UPDATE item_state_history SET reason = '{Removed.Replace("'", "''", StringComparison.Ordinal)}'
            WHERE reason LIKE 'POST %' AND item_execution_id IN (SELECT id FROM item_executions WHERE automation_id IN ({deliveries}))
            """);
        migrationBuilder.Sql($"""
            UPDATE item_executions SET error = '{Removed.Replace("'", "''", StringComparison.Ordinal)}'
            WHERE error LIKE 'POST %' AND automation_id IN ({deliveries})
            """);
    }
}
