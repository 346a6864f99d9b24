using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Npgsql;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>
/// Connection tests against the real PostgreSQL the test command started: a role that must sign in with a
/// password, a wrong password, a closed port, a server that never answers, an unknown database, a type without
/// a driver; saved instances record the outcome.
/// </summary>
public abstract class ConnectionTests(SymphonyApp app) : IAsyncLifetime
{
    private const string Workspace = "/api/v1/workspaces/default";
    private readonly string _role = "conn_" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _password = "Pw-" + Guid.NewGuid().ToString("N")[..12];
    private NpgsqlConnectionStringBuilder _server = null!;

    public async Task InitializeAsync()
    {
        _server = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString);
        await TestPostgres.CreatePasswordRoleAsync(_role, _password);
    }

    public Task DisposeAsync() => TestPostgres.ExecuteAsync($"DROP ROLE IF EXISTS {_role}");

    private async Task<JsonNode> TestAsync(object body)
    {
        var response = await app.ClientFor(TestRole.Operator).PostAsync($"{Workspace}/instances/actions/test-connection", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["results"]!;
    }

    private object Target(string? password = null, int? port = null, string database = "postgres", string host = "127.0.0.1") =>
        new { db_type = "postgresql", host, port = port ?? _server.Port, database_name = database, username = _role, password = password ?? _password };

    /// <summary>An instance of the default workspace, made by the operator.</summary>
    private Task<string> InstanceAsync(string name, TestTarget target) =>
        TestInstances.AddAsync(app.ClientFor(TestRole.Operator), "default", target, name + Guid.NewGuid().ToString("N")[..6]);

    private static (string? Code, string? Reason) Failure(JsonNode result) =>
        (result["message_code"]?.GetValue<string>(), result["reason"]?.GetValue<string>());

    [Fact]
    public async Task An_ad_hoc_target_answers_with_its_version_or_a_classified_error()
    {
        var ok = (await TestAsync(Target()))[0]!;
        Assert.True(ok["ok"]!.GetValue<bool>(), ok.ToJsonString());
        Assert.StartsWith("PostgreSQL ", ok["server_version"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(ok["server_major_version"]!.GetValue<int>() >= 12);

        var wrong = (await TestAsync(Target(password: "not-the-password")))[0]!;
        Assert.Equal(("DATABASE_CONNECTION_ERROR", "authentication_failed"), Failure(wrong));
        Assert.DoesNotContain("not-the-password", wrong.ToJsonString(), StringComparison.Ordinal);

        Assert.Equal(("DATABASE_CONNECTION_ERROR", "database_not_found"), Failure((await TestAsync(Target(database: "no_such_db")))[0]!));
        Assert.Equal(("DATABASE_CONNECTION_ERROR", "unreachable"), Failure((await TestAsync(Target(port: ClosedPort())))[0]!));
    }

    [Fact]
    public async Task A_mariadb_target_answers_with_its_flavour_and_version_or_the_same_classified_errors()
    {
        // The account may use the databases named <role>_*; <role>private is someone else's.
        await TestMariaDb.ExecuteAsync($"""
            CREATE USER '{_role}'@'%' IDENTIFIED BY '{_password}';
            CREATE DATABASE {_role}_app; CREATE DATABASE {_role}private;
            GRANT SELECT ON `{_role}\_%`.* TO '{_role}'@'%';
            """);
        try
        {
            object MySql(string? password = null, int? port = null, string? database = null, int? timeout = null) => new
            {
                db_type = "mysql", host = "127.0.0.1", port = port ?? TestMariaDb.Port, database_name = database, username = _role,
                password = password ?? _password, connect_timeout_seconds = timeout ?? 5,
            };
            var ok = (await TestAsync(MySql(database: _role + "_app")))[0]!;
            Assert.True(ok["ok"]!.GetValue<bool>(), ok.ToJsonString());
            Assert.StartsWith("MariaDB 10.11.", ok["server_version"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(10, ok["server_major_version"]!.GetValue<int>());

            var wrong = (await TestAsync(MySql(password: "not-the-password")))[0]!;
            Assert.Equal(("DATABASE_CONNECTION_ERROR", "authentication_failed"), Failure(wrong));
            Assert.DoesNotContain("not-the-password", wrong.ToJsonString(), StringComparison.Ordinal);
            Assert.Equal(("DATABASE_CONNECTION_ERROR", "database_not_found"), Failure((await TestAsync(MySql(database: _role + "_missing")))[0]!));
            Assert.Equal(("DATABASE_CONNECTION_ERROR", "permission_denied"), Failure((await TestAsync(MySql(database: _role + "private")))[0]!));
            Assert.Equal(("DATABASE_CONNECTION_ERROR", "unreachable"), Failure((await TestAsync(MySql(port: ClosedPort())))[0]!));

            using var silent = new TcpListener(IPAddress.Loopback, 0);
            silent.Start();
            Assert.Equal(("DATABASE_CONNECTION_ERROR", "timeout"),
                Failure((await TestAsync(MySql(port: ((IPEndPoint)silent.LocalEndpoint).Port, timeout: 1)))[0]!));
        }
        finally
        {
            await TestMariaDb.ExecuteAsync($"DROP USER IF EXISTS '{_role}'@'%'; DROP DATABASE IF EXISTS {_role}_app; DROP DATABASE IF EXISTS {_role}private");
        }
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_within_the_connect_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var started = DateTime.UtcNow;
        var result = (await TestAsync(new
        {
            db_type = "postgresql", host = "127.0.0.1", port, username = "x", password = "y", connect_timeout_seconds = 1,
        }))[0]!;
        Assert.Equal(("DATABASE_CONNECTION_ERROR", "timeout"), Failure(result));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Saved_instances_are_tested_together_and_record_their_health_and_version()
    {
        var good = TestTarget.Postgres(_role, _password);
        var healthy = await InstanceAsync("healthy", good);
        var refused = await InstanceAsync("refused", good with { Password = "wrong-password" });
        var closed = await InstanceAsync("closed", good with { Port = ClosedPort() });
        var sqlServer = await InstanceAsync("mssql", good with { DbType = "sqlserver", Port = 1433 });

        var results = (await TestAsync(new { instance_ids = new[] { healthy, refused, closed, sqlServer } })).AsArray()
            .ToDictionary(r => r!["instance_id"]!.GetValue<string>());
        Assert.True(results[healthy]!["ok"]!.GetValue<bool>());
        Assert.Equal(("DATABASE_CONNECTION_ERROR", "authentication_failed"), Failure(results[refused]!));
        Assert.Equal(("DATABASE_CONNECTION_ERROR", "unreachable"), Failure(results[closed]!));
        Assert.Equal(("UNSUPPORTED_DB_TYPE", null), Failure(results[sqlServer]!));

        var saved = await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/instances/{healthy}"));
        Assert.Equal(("good", "ok"), (saved["health"]!.GetValue<string>(), saved["last_connection_state"]!.GetValue<string>()));
        Assert.StartsWith("PostgreSQL ", saved["server_version"]!.GetValue<string>(), StringComparison.Ordinal);
        var poor = await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/instances/{refused}"));
        Assert.Equal("poor", poor["health"]!.GetValue<string>());
        Assert.StartsWith("authentication_failed", poor["last_connection_error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("unknown", (await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/instances/{sqlServer}")))["health"]!.GetValue<string>());
    }

    [Fact]
    public async Task Requests_outside_the_rules_are_refused_before_anything_is_reached()
    {
        var client = app.ClientFor(TestRole.Operator);
        var url = $"{Workspace}/instances/actions/test-connection";
        await AssertProblemAsync(await client.PostAsync(url, Json(new { instance_ids = Enumerable.Range(0, 51).Select(_ => Guid.NewGuid()) })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await client.PostAsync(url, Json(new { instance_ids = new[] { Guid.NewGuid() } })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await client.PostAsync(url, Json(new { db_type = "postgresql", host = "127.0.0.1", username = "u" })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await app.ClientFor(TestRole.Viewer).PostAsync(url, Json(Target())), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[Collection(SqliteFleetServer.Name)]
public sealed class SqliteConnectionTests(SqliteApp app) : ConnectionTests(app);

[Collection(PostgresFleetServer.Name)]
public sealed class PostgresConnectionTests(PostgresApp app) : ConnectionTests(app);
