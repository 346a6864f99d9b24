namespace Symphony.Testing;

/// <summary>
/// What a test of server processes makes: a folder, the servers started in it and the PostgreSQL databases they use.
/// All of it goes when the test ends, however it ends.
/// </summary>
public sealed class ServerProcesses : IAsyncDisposable
{
    private readonly List<ServerProcess> _started = [];
    private readonly List<string> _databases = [];

    public string Folder { get; } = Directory.CreateTempSubdirectory("symphony-process-").FullName;

    /// <summary>Starts a server in <paramref name="subfolder"/> of the test's folder (the folder itself by default) and waits until it serves.</summary>
    public async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null, string? subfolder = null, params string[] arguments)
    {
        var server = await ServerProcess.StartAsync(In(subfolder), environment, arguments);
        lock (_started) _started.Add(server);
        return server;
    }

    /// <summary>Starts a server and returns at once, for a test that reads what it prints from the first line.</summary>
    public ServerProcess Launch(IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var server = ServerProcess.Launch(Folder, environment, arguments);
        lock (_started) _started.Add(server);
        return server;
    }

    /// <summary>Runs a server to its end in the test's folder: its exit code and all it printed.</summary>
    public Task<(int Code, string Output)> RunToEndAsync(IReadOnlyDictionary<string, string>? environment = null, params string[] arguments) =>
        ServerProcess.RunToEndAsync(Folder, environment, arguments);

    /// <summary>An empty PostgreSQL database on the test cluster, dropped at the end.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "symphony_test")
    {
        var database = await TestPostgres.CreateDatabaseAsync(prefix);
        lock (_databases) _databases.Add(database);
        return database;
    }

    public string In(string? subfolder) => subfolder is null ? Folder : Path.Combine(Folder, subfolder);

    /// <summary>Kills every server started so far (kill -9).</summary>
    public void KillAll()
    {
        foreach (var server in _started) server.Kill();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _started) server.Dispose();
        foreach (var database in _databases) await TestPostgres.DropDatabaseAsync(database);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Files still held by a dying process; the temp folder is cleaned with the machine.
        }
    }
}
