using System.Text.Json;
using Symphony.Application.Fleet;

namespace Symphony.Application.Tests;

/// <summary>
/// The ledger's generated serializers against the reflection-based ones the ledger used before: the stored snapshot
/// and facts hashes of every synced account were computed from that output, so a byte of difference would report
/// every account as changed on the next sync.
/// </summary>
public sealed class LedgerJsonTests
{
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly AccountSnapshot Snapshot = new(
        "app_owner",
        new RoleAttributes(Superuser: false, Inherit: true, CreateRole: true, CreateDb: false, Login: true, Replication: false, BypassRls: false,
            ConnectionLimit: -1, ValidUntil: new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc)),
        [new Membership("pg_monitor", AdminOption: false, Inherit: true), new Membership("readers \"quoted\" & <odd>", AdminOption: true, Inherit: false)],
        [new Grant("app", "CONNECT", Grantable: false), new Grant("app", "CREATE", Grantable: true)],
        [new Grant("app.sales", "USAGE", Grantable: false)],
        [new ObjectGrantSummary("app.sales", "tables", "SELECT", 12), new ObjectGrantSummary("app.sales", "sequences", "USAGE", 1)],
        [new DefaultGrant("app.sales", "tables", "SELECT", "app_owner")]);

    [Fact]
    public void Snapshots_facts_and_diffs_are_written_byte_for_byte_as_before()
    {
        var memberships = new Dictionary<string, IReadOnlyList<Membership>>
        {
            ["app_owner"] = Snapshot.MemberOf,
            ["pg_monitor"] = [new Membership("pg_read_all_stats", false, true)],
        };
        var facts = AccountFacts.From(Snapshot, memberships, new DateTime(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc));
        var diff = new ChangeDiff(Snapshot.Lines(), ["schema:app.sales:CREATE"]);

        Assert.Equal(JsonSerializer.Serialize(Snapshot, Reflection), JsonSerializer.Serialize(Snapshot, LedgerJson.Default.AccountSnapshot));
        Assert.Equal(JsonSerializer.Serialize(facts, Reflection), JsonSerializer.Serialize(facts, LedgerJson.Default.AccountFacts));
        Assert.Equal(JsonSerializer.Serialize(new { added = diff.Added, removed = diff.Removed }, Reflection),
            JsonSerializer.Serialize(diff, LedgerJson.Default.ChangeDiff));
        Assert.Contains("\"valid_until\":\"2030-01-02T03:04:05Z\"", JsonSerializer.Serialize(Snapshot, LedgerJson.Default.AccountSnapshot), StringComparison.Ordinal);
    }

    [Fact]
    public void A_postgresql_snapshot_carries_none_of_the_mysql_only_fields()
    {
        var json = JsonSerializer.Serialize(Snapshot, LedgerJson.Default.AccountSnapshot);
        foreach (var key in new[] { "plugin", "account_locked", "password_expired", "global_privileges" })
            Assert.DoesNotContain($"\"{key}\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain(Snapshot.Lines(), line => line.StartsWith("global:", StringComparison.Ordinal) || line.StartsWith("attribute:plugin", StringComparison.Ordinal));
    }

    [Fact]
    public void A_stored_snapshot_reads_back_into_the_same_lines()
    {
        var stored = JsonSerializer.Serialize(Snapshot, Reflection);
        Assert.Equal(Snapshot.Lines(), JsonSerializer.Deserialize(stored, LedgerJson.Default.AccountSnapshot)!.Lines());
    }
}
