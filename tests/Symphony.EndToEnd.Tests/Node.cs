using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>One server process on the shared database, with short leases so a dead node is noticed quickly.</summary>
public sealed class Node : IDisposable
{
    public const string Password = "Multi1Password";
    private readonly ServerProcess _server;
    private readonly string _folder;

    private Node(ServerProcess server, string folder)
    {
        _server = server;
        _folder = folder;
    }

    public string Url => _server.Url;
    public int ProcessId => _server.ProcessId;

    /// <summary>What the node has printed (warnings and errors), for a test to show when it fails.</summary>
    public IReadOnlyCollection<string> Log => _server.Output;

    public static async Task<Node> StartAsync(string database, TimeSpan lease, (string Name, string Value)[] settings)
    {
        var folder = Directory.CreateTempSubdirectory("symphony-node-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["SYMPHONY_ADMIN_PASSWORD"] = Password,
            ["Symphony__Database__Provider"] = "PostgreSql",
            ["Symphony__Database__ConnectionString"] = database,
            // Shared by the nodes, as a deployment would: tokens of one node are valid on the other.
            ["Symphony__Auth__SigningKey"] = Convert.ToBase64String(new byte[32]),
            ["Symphony__Worker__Lease"] = lease.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            // Few items per node, so that both nodes take part even in a small run.
            ["Symphony__Worker__Parallelism"] = "8",
            ["Symphony__Worker__BatchSize"] = "8",
            ["Symphony__Worker__ReapInterval"] = "00:00:01",
            ["Symphony__Worker__PollInterval"] = "00:00:00.050",
        };
        foreach (var (name, value) in settings) environment[name] = value;
        return new Node(await ServerProcess.StartAsync(folder, environment), folder);
    }

    /// <summary>One sign-in attempt of the admin with a password; answers the status.</summary>
    public async Task<HttpStatusCode> TryLoginAsync(string password)
    {
        using var response = await HttpSignIn.PostLoginAsync(Url, "admin", password);
        return response.StatusCode;
    }

    public Task<HttpClient> SignInAsync() => HttpSignIn.ClientAsync(Url, "admin", Password);

    /// <summary>A client of this node carrying another node's access token.</summary>
    public HttpClient ClientWith(HttpClient signedIn)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url) };
        client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        return client;
    }

    /// <summary>SIGTERM, as a service manager stops a node.</summary>
    public void Terminate() => _server.Terminate();

    public bool WaitForExit(TimeSpan timeout) => _server.WaitForExit(timeout);

    /// <summary>The equivalent of kill -9: no shutdown, leases left behind.</summary>
    public void Kill() => _server.Kill();

    public void Dispose()
    {
        _server.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Files still held by a dying process; the temp folder is cleaned with the machine.
        }
    }
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
