using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Symphony.Testing;

/// <summary>
/// The built server started as a process in a folder, as an operator starts it: what it prints is kept, its URL is
/// read from its banner, and disposing it kills it with its children. The one way the tests start the server.
/// </summary>
public sealed partial class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly SemaphoreSlim _printed = new(0);
    private readonly Task _reading;
    private bool _disposed;

    private ServerProcess(Process process)
    {
        _process = process;
        _reading = Task.WhenAll(KeepAsync(process.StandardOutput), KeepAsync(process.StandardError));
    }

    /// <summary>Where it serves, once <see cref="StartAsync"/> has seen its banner.</summary>
    public string Url { get; private set; } = "";
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Every line it has printed so far, standard output and error as they came.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>Starts the server in <paramref name="folder"/> with <paramref name="arguments"/> (a free loopback port by default) and returns at once.</summary>
    public static ServerProcess Launch(string folder, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo("dotnet", [TestProcesses.ServerDll, .. arguments.Length == 0 ? ["--urls", "http://127.0.0.1:0"] : arguments])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The test host's own settings are not the server's: it starts from what a fresh machine has.
        start.Environment.Remove("SYMPHONY_ADMIN_PASSWORD");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Symphony__Auth__PasswordIterations"] = "1000";
        // A test's server lives seconds to minutes: tiering hot methods up costs it more CPU than the faster code returns
        // (a start and its first ten seconds: 4.1 CPU-s with call counting, 3.4 without and with W^X off, test.sh's setting).
        start.Environment["DOTNET_TC_CallCounting"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return new ServerProcess(Process.Start(start)!);
    }

    /// <summary>Starts the server and waits until it serves (a minute at most).</summary>
    public static async Task<ServerProcess> StartAsync(string folder, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var server = Launch(folder, environment, arguments);
        try
        {
            var banner = await server.WaitForLineAsync(line => RunningAt().IsMatch(line));
            server.Url = RunningAt().Match(banner[^1]).Groups[1].Value;
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Runs the server (a verb, or settings it refuses) to its end: its exit code and all it printed.</summary>
    public static async Task<(int Code, string Output)> RunToEndAsync(string folder, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        using var server = Launch(folder, environment, arguments);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await server._process.WaitForExitAsync(timeout.Token);
        await server._reading;
        return (server._process.ExitCode, string.Join('\n', server._output));
    }

    /// <summary>
    /// Waits until the server prints a line <paramref name="wanted"/> accepts (a minute at most); answers every line
    /// printed until then. An exit before it is an exception showing what was printed.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForLineAsync(Func<string, bool> wanted)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var lines = _output.ToList();
            if (lines.FindIndex(line => wanted(line)) is var found and >= 0) return lines[..(found + 1)];
            if (_reading.IsCompleted)
                throw new InvalidOperationException("The server ended before it printed the line awaited:\n" + string.Join('\n', lines));
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The server did not print the line awaited within a minute:\n" + string.Join('\n', lines));
            await _printed.WaitAsync(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>SIGTERM, as a service manager stops a node.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>The equivalent of kill -9: no shutdown, leases left behind.</summary>
    public void Kill()
    {
        if (_disposed) return;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
    }

    public void Dispose()
    {
        if (_disposed) return;
        Kill();
        _disposed = true;
        _process.Dispose();
    }

    private async Task KeepAsync(StreamReader output)
    {
        while (await output.ReadLineAsync() is { } line)
        {
            _output.Enqueue(line);
            _printed.Release();
        }
        _printed.Release();
    }

    [GeneratedRegex(@"Symphony is running at (\S+)")]
    private static partial Regex RunningAt();
}
