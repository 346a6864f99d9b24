namespace Symphony.Testing;

/// <summary>
/// A PostgreSQL cluster of its own for one test (initdb and pg_ctl from the PostgreSQL 15 binaries, trust auth,
/// a private port and socket folder), for tests that stop a target server; stopped and removed on dispose.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private static readonly string Bin = Environment.GetEnvironmentVariable("PG_BIN") ?? "/usr/lib/postgresql/15/bin";
    private readonly string _folder;

    private TestCluster(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    public static async Task<TestCluster> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("symphony-cluster-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "socket"));
        if (TestProcesses.IsRoot) await TestProcesses.RunAsync("chown", ["-R", "postgres", folder]);
        var cluster = new TestCluster(folder, TestProcesses.FreePort());
        await cluster.AsPostgresAsync("initdb", ["-D", Path.Combine(folder, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        await cluster.StartAgainAsync();
        return cluster;
    }

    /// <summary>Starts the stopped server again on the same port (after <see cref="StopAsync"/>: an outage ends).</summary>
    public Task StartAgainAsync() =>
        AsPostgresAsync("pg_ctl", ["-D", Path.Combine(_folder, "data"), "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {Path.Combine(_folder, "socket")} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"]);

    public Task StopAsync() => AsPostgresAsync("pg_ctl", ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "stop"]);

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(_folder, "data", "postmaster.pid")))
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
        }
        Directory.Delete(_folder, recursive: true);
    }

    private Task<string> AsPostgresAsync(string tool, string[] args)
    {
        var (file, arguments) = TestProcesses.AsUser("postgres", Path.Combine(Bin, tool), args);
        return TestProcesses.RunAsync(file, arguments);
    }
}
