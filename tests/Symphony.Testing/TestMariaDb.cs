using System.Diagnostics;
using MySqlConnector;

namespace Symphony.Testing;

/// <summary>
/// The throwaway MariaDB server started by ./test.sh (scripts/throwaway-mariadb.sh), as an administrator over TCP.
/// Tests never fall back to something else: without the server they fail and say how to get one.
/// </summary>
public static class TestMariaDb
{
    public const string Variable = "SYMPHONY_TEST_MARIADB";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the suite with ./test.sh, which starts a throwaway MariaDB server, " +
                $"or point {Variable} at a MariaDB server as an account with ALL PRIVILEGES ON *.* WITH GRANT OPTION.");

    public static int Port => (int)new MySqlConnectionStringBuilder(ServerConnectionString).Port;

    /// <summary>The collector's grants on MariaDB, word for word as docs/reference/collector-grants.md gives them.</summary>
    public static readonly string[] CollectorGrants =
    [
        "GRANT SELECT ON mysql.global_priv TO {collector}",
        "GRANT SELECT ON mysql.roles_mapping TO {collector}",
        "GRANT SELECT ON mysql.db TO {collector}",
        "GRANT SELECT ON mysql.tables_priv TO {collector}",
        "GRANT SELECT ON mysql.columns_priv TO {collector}",
        "GRANT SELECT ON mysql.procs_priv TO {collector}",
        "GRANT SHOW VIEW ON *.* TO {collector}",
    ];

    /// <summary>A collector account ('user'@'%') with a password and exactly <see cref="CollectorGrants"/>.</summary>
    public static Task CreateCollectorAsync(string user, string password) =>
        ExecuteAsync($"CREATE USER '{user}'@'%' IDENTIFIED BY '{password}';\n" +
            string.Join(";\n", CollectorGrants.Select(g => g.Replace("{collector}", $"'{user}'@'%'", StringComparison.Ordinal))));

    /// <summary>Runs SQL (several statements at once) on the server.</summary>
    public static async Task ExecuteAsync(string sql, string? connectionString = null)
    {
        await using var connection = new MySqlConnection(connectionString ?? ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The rows of a query, each as its values.</summary>
    public static async Task<List<object[]>> QueryAsync(string sql)
    {
        await using var connection = new MySqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }
}

/// <summary>
/// A MariaDB server of its own for one test (mariadb-install-db and mariadbd, a private port and socket folder, as
/// the mysql user when run as root), for tests that stop a target server; stopped and removed on dispose. Its root
/// signs in over TCP with <see cref="Password"/>.
/// </summary>
public sealed class TestMariaDbServer : IAsyncDisposable
{
    public const string Password = "throwaway-root";
    private readonly string _folder;
    private Process? _server;

    private TestMariaDbServer(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }
    private string Socket => Path.Combine(_folder, "socket", "mariadb.sock");

    public static async Task<TestMariaDbServer> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("symphony-mariadb-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "socket"));
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        if (TestProcesses.IsRoot) await TestProcesses.RunAsync("chown", ["-R", "mysql", folder]);
        var port = TestProcesses.FreePort();
        var server = new TestMariaDbServer(folder, port);
        try
        {
            var (install, args) = TestProcesses.AsUser("mysql", "mariadb-install-db", "--no-defaults", $"--datadir={Path.Combine(folder, "data")}",
                "--auth-root-authentication-method=normal", "--skip-test-db");
            await TestProcesses.RunAsync(install, args);
            await server.StartAgainAsync();
            var started = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    // As installed, root@127.0.0.1 has no password; it gets one, as targets have.
                    await TestMariaDb.ExecuteAsync($"ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '{Password}'",
                        $"Server=127.0.0.1;Port={port};User ID=root;Password=;Pooling=false");
                    return server;
                }
                catch (MySqlException) when (started.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(200);
                }
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) on the same port.</summary>
    public Task StartAgainAsync()
    {
        var (file, args) = TestProcesses.AsUser("mysql", "/usr/sbin/mariadbd", "--no-defaults", $"--datadir={Path.Combine(_folder, "data")}",
            $"--port={Port}", "--bind-address=127.0.0.1", $"--socket={Socket}", $"--pid-file={Path.Combine(_folder, "mariadb.pid")}",
            $"--log-error={Path.Combine(_folder, "server.log")}", "--skip-name-resolve", "--innodb-flush-log-at-trx-commit=0");
        // The server writes to its --log-error file; nothing comes on its standard streams.
        _server = Process.Start(new ProcessStartInfo(file, args))!;
        return Task.CompletedTask;
    }

    /// <summary>Kills the server: an outage, as abrupt as a crash.</summary>
    public async Task StopAsync()
    {
        var pidFile = Path.Combine(_folder, "mariadb.pid");
        if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                await process.WaitForExitAsync();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            File.Delete(pidFile);
        }
        if (_server is not null)
        {
            await _server.WaitForExitAsync();
            _server.Dispose();
            _server = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
