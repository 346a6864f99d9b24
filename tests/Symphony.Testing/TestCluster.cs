using Npgsql;

namespace Symphony.Testing;

/// <summary>
/// A PostgreSQL cluster of its own for one test (initdb and pg_ctl from the PostgreSQL 15 binaries, trust auth,
/// a private port and socket folder), for tests that stop a server; stopped and removed on dispose. It can be given
/// a synchronous streaming standby (<see cref="StartStandbyAsync"/>), to be promoted when it is stopped.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private static readonly string Bin = Environment.GetEnvironmentVariable("PG_BIN") ?? "/usr/lib/postgresql/15/bin";
    private readonly string _folder;
    private readonly string _settings;

    private TestCluster(string folder, int port, string settings)
    {
        _folder = folder;
        Port = port;
        _settings = settings;
    }

    public int Port { get; }
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";
    private string Data => Path.Combine(_folder, "data");

    /// <summary>A new cluster, started; <paramref name="settings"/> are server options added to its command line (-c name=value).</summary>
    public static Task<TestCluster> StartAsync(string settings = "") => StartAsync(settings, tls: null);

    /// <summary>A new cluster that offers TLS with the given certificate and key (PEM), as <see cref="TestAuthority"/> issues them.</summary>
    public static Task<TestCluster> StartWithTlsAsync((string Certificate, string Key) tls) =>
        StartAsync("-c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key", tls);

    private static async Task<TestCluster> StartAsync(string settings, (string Certificate, string Key)? tls)
    {
        var cluster = new TestCluster(await NewFolderAsync(), TestProcesses.FreePort(), settings);
        await cluster.AsPostgresAsync("initdb", ["-D", cluster.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        if (tls is { } files)
        {
            // The server reads them from its data folder, the key readable by its owner alone.
            var (certificate, key) = (Path.Combine(cluster.Data, "server.crt"), Path.Combine(cluster.Data, "server.key"));
            await File.WriteAllTextAsync(certificate, files.Certificate);
            await File.WriteAllTextAsync(key, files.Key);
            await TestProcesses.RunAsync("chmod", ["600", key]);
            if (TestProcesses.IsRoot) await TestProcesses.RunAsync("chown", ["postgres", certificate, key]);
        }
        await cluster.StartAgainAsync();
        return cluster;
    }

    /// <summary>
    /// A streaming standby of this cluster, made with pg_basebackup and started on a port of its own, that this
    /// cluster then waits for at every commit (synchronous_standby_names, synchronous_commit on): what a commit
    /// answered is on both.
    /// </summary>
    public async Task<TestCluster> StartStandbyAsync()
    {
        var standby = new TestCluster(await NewFolderAsync(), TestProcesses.FreePort(), _settings);
        await standby.AsPostgresAsync("pg_basebackup", ["-D", standby.Data, "-R", "-X", "stream", "--no-sync",
            "-d", $"host=127.0.0.1 port={Port} user=postgres application_name=standby"]);
        await standby.StartAgainAsync();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var synchronous = new NpgsqlCommand("ALTER SYSTEM SET synchronous_standby_names = 'standby'; SELECT pg_reload_conf()", connection))
            await synchronous.ExecuteNonQueryAsync();
        // Until the standby streams synchronously, a commit is not known to be on it.
        for (var tries = 0; ; tries++)
        {
            await using var state = new NpgsqlCommand("SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby'", connection);
            if (await state.ExecuteScalarAsync() as string == "sync") return standby;
            if (tries > 300) throw new InvalidOperationException("The standby never became synchronous.");
            await Task.Delay(100);
        }
    }

    /// <summary>Makes a standby the primary (pg_ctl promote), waiting until it accepts writes.</summary>
    public Task PromoteAsync() => AsPostgresAsync("pg_ctl", ["-D", Data, "-w", "-t", "60", "promote"]);

    /// <summary>Starts the stopped server again on the same port (after <see cref="StopAsync"/>: an outage ends).</summary>
    public Task StartAgainAsync() =>
        AsPostgresAsync("pg_ctl", ["-D", Data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {Path.Combine(_folder, "socket")} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 {_settings}", "start"]);

    /// <summary>An immediate stop, as a crash or a pulled plug: no shutdown checkpoint, clients cut off.</summary>
    public Task StopAsync() => AsPostgresAsync("pg_ctl", ["-D", Data, "-m", "immediate", "stop"]);

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
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

    private static async Task<string> NewFolderAsync()
    {
        var folder = Directory.CreateTempSubdirectory("symphony-cluster-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "socket"));
        if (TestProcesses.IsRoot) await TestProcesses.RunAsync("chown", ["-R", "postgres", folder]);
        return folder;
    }

    private Task<string> AsPostgresAsync(string tool, string[] args)
    {
        var (file, arguments) = TestProcesses.AsUser("postgres", Path.Combine(Bin, tool), args);
        return TestProcesses.RunAsync(file, arguments);
    }
}
