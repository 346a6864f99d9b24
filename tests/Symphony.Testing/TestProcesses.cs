using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Symphony.Testing;

/// <summary>What the throwaway servers of a test need from the machine: a free loopback port and tools run to their end.</summary>
public static class TestProcesses
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>The built server, of the configuration the tests were built in.</summary>
    public static string ServerDll { get; } = Path.Combine(Repository.Root, "src", "Symphony.Server", "bin",
        AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "Symphony.Server.dll");

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Runs a tool to its end and answers its output; a non-zero exit is an exception with what it printed.</summary>
    public static async Task<string> RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {await output}{await errors}");
        return await output;
    }

    /// <summary>The file and arguments that run <paramref name="tool"/> as <paramref name="user"/> when root (servers refuse root).</summary>
    public static (string File, string[] Args) AsUser(string user, string tool, params string[] args) =>
        IsRoot ? ("runuser", ["-u", user, "--", tool, .. args]) : (tool, args);
}
