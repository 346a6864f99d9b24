using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Symphony.Testing;

/// <summary>The built server started as a process, as an operator starts it, and its admin signed in over HTTP.</summary>
public static partial class ServerProcess
{
    /// <summary>Starts the server on a free loopback port in <paramref name="folder"/>; answers the process and its URL once it serves.</summary>
    public static async Task<(Process Process, string Url)> StartAsync(IReadOnlyDictionary<string, string> environment, string folder)
    {
        var start = new ProcessStartInfo("dotnet", [TestProcesses.ServerDll, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Symphony__Auth__PasswordIterations"] = "1000";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var server = Process.Start(start)!;
        _ = server.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var lines = new List<string>();
        while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
            if (RunningAt().Match(line) is not { Success: true } match) continue;
            _ = server.StandardOutput.ReadToEndAsync();
            return (server, match.Groups[1].Value);
        }
        server.Dispose();
        throw new InvalidOperationException("The server ended before it served: " + string.Join('\n', lines));
    }

    /// <summary>Signs the admin in (CSRF token, then login); answers the access token.</summary>
    public static async Task<string> SignInAsync(string url, string password)
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url) };
        var csrf = JsonNode.Parse(await client.GetStringAsync("/api/v1/auth/csrf-token"))!["csrf_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = SymphonyApp.Json(new { username = "admin", password }) };
        request.Headers.Add("X-CSRF-Token", csrf);
        var login = await client.SendAsync(request);
        var body = await login.Content.ReadAsStringAsync();
        return JsonNode.Parse(body)!["access_token"]?.GetValue<string>() ?? throw new InvalidOperationException("Sign-in refused: " + body);
    }

    [GeneratedRegex(@"Symphony is running at (\S+)")]
    private static partial Regex RunningAt();
}
