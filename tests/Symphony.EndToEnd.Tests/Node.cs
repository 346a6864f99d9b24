using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>One server process on the shared database, with short leases so a dead node is noticed quickly.</summary>
internal sealed partial class Node : IDisposable
{
    public const string Password = "Multi1Password";
    private readonly Process _process;
    private readonly string _folder;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log;

    private Node(Process process, string folder, string url, System.Collections.Concurrent.ConcurrentQueue<string> log)
    {
        _process = process;
        _folder = folder;
        Url = url;
        _log = log;
    }

    public string Url { get; }
    public int ProcessId => _process.Id;

    /// <summary>What the node has written (warnings and errors), for a test to show when it fails.</summary>
    public IReadOnlyCollection<string> Log => _log;

    public static async Task<Node> StartAsync(string database, TimeSpan lease, (string Name, string Value)[] settings)
    {
        var folder = Directory.CreateTempSubdirectory("symphony-node-").FullName;
        var start = new ProcessStartInfo("dotnet", [TestProcesses.ServerDll, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["SYMPHONY_ADMIN_PASSWORD"] = Password;
        start.Environment["Symphony__Database__Provider"] = "PostgreSql";
        start.Environment["Symphony__Database__ConnectionString"] = database;
        // Shared by the nodes, as a deployment would: tokens of one node are valid on the other.
        start.Environment["Symphony__Auth__SigningKey"] = Convert.ToBase64String(new byte[32]);
        start.Environment["Symphony__Auth__PasswordIterations"] = "1000";
        start.Environment["Symphony__Worker__Lease"] = lease.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        // Few items per node, so that both nodes take part even in a small run.
        start.Environment["Symphony__Worker__Parallelism"] = "8";
        start.Environment["Symphony__Worker__BatchSize"] = "8";
        start.Environment["Symphony__Worker__ReapInterval"] = "00:00:01";
        start.Environment["Symphony__Worker__PollInterval"] = "00:00:00.050";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings) start.Environment[name] = value;
        var process = Process.Start(start)!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _ = KeepAsync(process.StandardError, log);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            log.Enqueue(line);
            var match = RunningAt().Match(line);
            if (match.Success)
            {
                _ = KeepAsync(process.StandardOutput, log);
                return new Node(process, folder, match.Groups[1].Value, log);
            }
        }
        throw new InvalidOperationException("A node ended before it started serving.");
    }

    private static async Task KeepAsync(StreamReader output, System.Collections.Concurrent.ConcurrentQueue<string> log)
    {
        while (await output.ReadLineAsync() is { } line) log.Enqueue(line);
    }

    /// <summary>One sign-in attempt of the admin with a password; answers the status.</summary>
    public async Task<HttpStatusCode> TryLoginAsync(string password)
    {
        using var response = await PostLoginAsync(password);
        return response.StatusCode;
    }

    public async Task<HttpClient> SignInAsync()
    {
        using var response = await PostLoginAsync(Password);
        var login = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var api = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromMinutes(3) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login["access_token"]!.GetValue<string>());
        return api;
    }

    /// <summary>A client of this node carrying another node's access token.</summary>
    public HttpClient ClientWith(HttpClient signedIn)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url) };
        client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        return client;
    }

    private async Task<HttpResponseMessage> PostLoginAsync(string password)
    {
        using var cookies = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(Url) };
        var csrf = JsonNode.Parse(await cookies.GetStringAsync("/api/v1/auth/csrf-token"))!["csrf_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = SymphonyApp.Json(new { username = "admin", password }) };
        request.Headers.Add("X-CSRF-Token", csrf);
        return await cookies.SendAsync(request);
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
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Files still held by a dying process; the temp folder is cleaned with the machine.
        }
    }

    [GeneratedRegex(@"Symphony is running at (\S+)")]
    private static partial Regex RunningAt();
}

/// <summary>What the tests of several nodes do through the API and read from the shared store.</summary>
internal static class NodeRuns
{
    public static async Task<string> DefineAsync(HttpClient api, string handler, List<object> payloads, int maxConcurrency)
    {
        var automation = JsonNode.Parse(await (await api.PostAsync("/api/v1/workspaces/default/automations", SymphonyApp.Json(new
        {
            name = "multi-" + Guid.NewGuid().ToString("N")[..8], handler_kind = handler, max_concurrency = maxConcurrency, max_attempts = 3,
        }))).Content.ReadAsStringAsync())!;
        var id = automation["id"]!.GetValue<string>();
        var batch = JsonNode.Parse(await (await api.PostAsync($"/api/v1/workspaces/default/automations/{id}/batches", SymphonyApp.Json(new { name = "b" })))
            .Content.ReadAsStringAsync())!;
        foreach (var chunk in payloads.Chunk(1000))
        {
            var created = await api.PostAsync($"/api/v1/workspaces/default/automations/{id}/batches/{batch["id"]}/items/actions/bulk-create",
                SymphonyApp.Json(new { items = chunk.Select(p => new { payload = p }).ToArray() }));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        return $"/api/v1/workspaces/default/automations/{id}/runs";
    }

    public static async Task<JsonNode> WaitAsync(HttpClient api, Guid runId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var run = JsonNode.Parse(await api.GetStringAsync($"/api/v1/workspaces/default/runs/{runId}"))!;
            if (run["status"]!.GetValue<string>() != "processing" || DateTime.UtcNow > deadline) return run;
            await Task.Delay(200);
        }
    }

    public static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, Guid runId, int? pid = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("run", runId);
        if (pid is not null) command.Parameters.AddWithValue("pid", pid.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
