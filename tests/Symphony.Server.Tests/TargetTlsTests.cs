using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Symphony.Infrastructure.Persistence;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>A server that trusts the test run's authority and the throwaway MariaDB's for targets' certificates.</summary>
public sealed class TrustingTargetsApp() : SymphonyApp(DatabaseProvider.Sqlite)
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [new("Symphony:Targets:CaBundle", TestAuthority.Bundle)];
}

/// <summary>
/// Certificate verification for targets, one rule for both engines, against real servers with certificates for
/// localhost: a PostgreSQL cluster of the test's own and the throwaway MariaDB. verify_ca checks the authority,
/// verify_full the host name too; require insists on TLS; a verified server may ask for the password itself.
/// </summary>
public sealed class TargetTlsTests(TrustingTargetsApp app) : IClassFixture<TrustingTargetsApp>
{
    private async Task<JsonNode> TestAsync(object body)
    {
        var response = await app.ClientFor(TestRole.Operator).PostAsync("/api/v1/workspaces/default/instances/actions/test-connection", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["results"]![0]!;
    }

    private static void AssertReached(JsonNode result, string mode) => Assert.True(result["ok"]!.GetValue<bool>(), $"{mode}: {result.ToJsonString()}");

    private static void AssertRefusedTls(JsonNode result, string mode)
    {
        Assert.False(result["ok"]!.GetValue<bool>(), $"{mode} reached the server");
        Assert.True(result["reason"]!.GetValue<string>() == "tls", $"{mode}: {result.ToJsonString()}");
    }

    [Fact]
    public async Task A_postgresql_target_is_verified_by_its_authority_and_for_verify_full_by_its_name()
    {
        await using var cluster = await TestCluster.StartWithTlsAsync(TestAuthority.IssueServer("localhost"));
        object Target(string host, string mode) => new { db_type = "postgresql", host, port = cluster.Port, username = "postgres", password = "unused", tls_mode = mode };

        AssertReached(await TestAsync(Target("127.0.0.1", "prefer")), "prefer");
        AssertReached(await TestAsync(Target("127.0.0.1", "require")), "require");
        AssertReached(await TestAsync(Target("127.0.0.1", "verify_ca")), "verify_ca");
        AssertReached(await TestAsync(Target("localhost", "verify_full")), "verify_full to localhost");
        // The certificate names localhost, not 127.0.0.1.
        AssertRefusedTls(await TestAsync(Target("127.0.0.1", "verify_full")), "verify_full to 127.0.0.1");
        // A server without TLS (the suite's own cluster) is refused where TLS is required.
        var plain = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString).Port;
        AssertRefusedTls(await TestAsync(new { db_type = "postgresql", host = "127.0.0.1", port = plain, username = "postgres", password = "unused", tls_mode = "require" }),
            "require without TLS");
    }

    [Fact]
    public async Task A_mariadb_target_is_verified_by_the_same_rules()
    {
        var role = "tls_" + Guid.NewGuid().ToString("N")[..10];
        var password = "Pw-" + Guid.NewGuid().ToString("N")[..12];
        await TestMariaDb.ExecuteAsync($"CREATE USER '{role}'@'%' IDENTIFIED BY '{password}'");
        try
        {
            object Target(string host, string mode) => new { db_type = "mysql", host, port = TestMariaDb.Port, username = role, password, tls_mode = mode };
            AssertReached(await TestAsync(Target("127.0.0.1", "prefer")), "prefer");
            AssertReached(await TestAsync(Target("127.0.0.1", "verify_ca")), "verify_ca");
            AssertReached(await TestAsync(Target("localhost", "verify_full")), "verify_full to localhost");
            AssertRefusedTls(await TestAsync(Target("127.0.0.1", "verify_full")), "verify_full to 127.0.0.1");
        }
        finally
        {
            await TestMariaDb.ExecuteAsync($"DROP USER IF EXISTS '{role}'@'%'");
        }
    }
}
