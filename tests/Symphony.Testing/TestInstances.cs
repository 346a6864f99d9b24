using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Xunit;

namespace Symphony.Testing;

/// <summary>A database server the tests register as an instance: where it listens, and the collector that reads it.</summary>
public sealed record TestTarget(string DbType, string Host, int Port, string Username, string Password)
{
    /// <summary>The test command's PostgreSQL cluster, read by one of the test's roles.</summary>
    public static TestTarget Postgres(string username, string password) =>
        new("postgresql", "127.0.0.1", new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString).Port, username, password);

    /// <summary>The test command's MariaDB server, read by one of the test's accounts.</summary>
    public static TestTarget MariaDb(string username, string password) => new("mysql", "127.0.0.1", TestMariaDb.Port, username, password);
}

/// <summary>Instances as a user makes them through the API, and their syncs: the one way the tests do it.</summary>
public static class TestInstances
{
    /// <summary>
    /// Stores the target's collector in a new vault of the workspace and registers the target as an instance read
    /// with it; answers the instance's id. <paramref name="settings"/> adds fields (environment, tls_mode...).
    /// </summary>
    public static async Task<string> AddAsync(HttpClient api, string workspace, TestTarget target, string? name = null, IDictionary<string, object?>? settings = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var vault = await CreatedIdAsync(await api.PostAsync($"/api/v1/workspaces/{workspace}/vaults", SymphonyApp.Json(new { name = "collectors-" + suffix })));
        var credential = await CreatedIdAsync(await api.PostAsync($"/api/v1/workspaces/{workspace}/vaults/{vault}/credentials",
            SymphonyApp.Json(new { name = "collector", username = target.Username, secret = target.Password })));
        var instance = new Dictionary<string, object?>
        {
            ["name"] = name ?? $"{target.DbType}-{suffix}", ["db_type"] = target.DbType, ["host"] = target.Host, ["port"] = target.Port, ["credential_id"] = credential,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, object?>()) instance[key] = value;
        return await CreatedIdAsync(await api.PostAsync($"/api/v1/workspaces/{workspace}/instances", SymphonyApp.Json(instance)));
    }

    /// <summary>A sync of one instance (<c>accounts</c> or <c>capacity</c>) waited for: its run and the run's only item.</summary>
    public static async Task<(JsonNode Run, JsonNode Item)> SyncAsync(HttpClient api, string workspace, string instance, string kind = "accounts")
    {
        var response = await api.PostAsync($"/api/v1/workspaces/{workspace}/instances/{instance}/actions/sync-{kind}?wait=60", null);
        var run = await SymphonyApp.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, run.ToJsonString());
        var item = (await SymphonyApp.ReadJsonAsync(await api.GetAsync($"/api/v1/workspaces/{workspace}/runs/{run["id"]}/items")))["items"]![0]!;
        return (run, item);
    }

    /// <summary>The id of what a POST created; anything but 201 fails the test with the answer.</summary>
    public static async Task<string> CreatedIdAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }
}
