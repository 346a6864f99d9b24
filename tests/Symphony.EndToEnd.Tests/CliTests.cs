using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>
/// The built <c>symphony</c> command line run as a process against the built server run as a process (embedded
/// SQLite; the accounts of a fleet on the test PostgreSQL): sign-in, tables and JSON, <c>--wait</c> on runs that
/// complete and fail, errors in one line with their exit codes.
/// </summary>
[LongRunning]
public sealed class CliTests : IAsyncLifetime
{
    private const string Password = "Cli1Password";
    private static readonly string CliDll = TestProcesses.ServerDll.Replace(Path.Combine("Symphony.Server", "bin"), Path.Combine("Symphony.Cli", "bin"), StringComparison.Ordinal)
        .Replace("Symphony.Server.dll", "symphony.dll", StringComparison.Ordinal);

    private readonly ServerProcesses _servers = new();
    private string _url = "";

    public async Task InitializeAsync() =>
        _url = (await _servers.StartAsync(new Dictionary<string, string> { ["SYMPHONY_ADMIN_PASSWORD"] = Password }, "server")).Url;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    private sealed record Result(int ExitCode, string Output, string Errors)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}\n{Errors}";
    }

    /// <summary>Runs the CLI with its own config folder (and the given environment), feeding <paramref name="input"/> to standard input.</summary>
    private async Task<Result> RunCliAsync(string input, Dictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [CliDll, .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(_servers.Folder, "config");
        start.Environment.Remove("SYMPHONY_TOKEN");
        foreach (var (key, value) in environment ?? []) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await output, await errors);
    }

    private Task<Result> CliAsync(params string[] args) => RunCliAsync("", null, args);

    private async Task LoginAsync()
    {
        var login = await RunCliAsync(Password + "\n", null, "login", "--server", _url, "--username", "admin", "--password-stdin");
        Assert.True(login.ExitCode == 0, login.ToString());
    }

    private async Task<HttpClient> ApiAsync()
    {
        var client = await HttpSignIn.ClientAsync(_url, "admin", Password);
        return client;
    }

    private static async Task<JsonNode> PostAsync(HttpClient api, string path, object body)
    {
        var response = await api.PostAsync(path, SymphonyApp.Json(body));
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json;
    }

    /// <summary>An echo automation of the default workspace with the given item payloads.</summary>
    private static async Task AutomationAsync(HttpClient api, string name, IEnumerable<object> payloads)
    {
        const string automations = "/api/v1/workspaces/default/automations";
        var id = (await PostAsync(api, automations, new { name, handler_kind = "echo", max_attempts = 2, retry_delay_seconds = 1 }))["id"];
        var batch = (await PostAsync(api, $"{automations}/{id}/batches", new { name = "b" }))["id"];
        await PostAsync(api, $"{automations}/{id}/batches/{batch}/items/actions/bulk-create", new { items = payloads.Select(p => new { payload = p }) });
    }

    [Fact]
    public async Task A_refused_login_is_told_in_one_line_with_its_message_code_and_exit_code_4()
    {
        var refused = await RunCliAsync("wrong-password\n", null, "login", "--server", _url, "--username", "admin", "--password-stdin");
        Assert.Equal(4, refused.ExitCode);
        Assert.Equal("error: The username or password is wrong (INVALID_CREDENTIALS)", refused.Errors.Trim());
        Assert.False(File.Exists(Path.Combine(_servers.Folder, "config", "symphony", "credentials.json")));

        var notSignedIn = await CliAsync("instances", "list");
        Assert.Equal(4, notSignedIn.ExitCode);
        Assert.StartsWith("error: Not signed in", notSignedIn.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", notSignedIn.Errors + refused.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_keeps_the_session_for_its_owner_only_and_commands_print_tables_or_the_api_s_json()
    {
        await LoginAsync();
        var credentials = Path.Combine(_servers.Folder, "config", "symphony", "credentials.json");
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(credentials));
        Assert.DoesNotContain(Password, await File.ReadAllTextAsync(credentials), StringComparison.Ordinal);

        Assert.Equal(0, (await CliAsync("instances", "add", "orders-db", "--type", "postgresql", "--host", "orders.internal", "--environment", "production")).ExitCode);
        Assert.Equal(0, (await CliAsync("instances", "add", "billing-db", "--type", "mysql", "--host", "billing.internal")).ExitCode);
        var table = await CliAsync("instances", "list");
        Assert.True(table.ExitCode == 0, table.ToString());
        var row = table.Output.Split('\n').Single(l => l.Contains("orders-db", StringComparison.Ordinal));
        Assert.Contains("orders.internal:5432", row, StringComparison.Ordinal);
        Assert.Contains("production", row, StringComparison.Ordinal);
        Assert.Contains("2 instance(s)", table.Output, StringComparison.Ordinal);

        var json = await CliAsync("instances", "list", "--json");
        var page = JsonNode.Parse(json.Output)!;
        Assert.Equal(2, page["total"]!.GetValue<int>());
        Assert.Equal(["billing-db", "orders-db"], page["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(3306, page["items"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "billing-db")!["port"]!.GetValue<int>());

        // The kept session goes to its own server only, and credentials never cross a network in clear.
        var elsewhere = await CliAsync("instances", "list", "--server", "https://other.example");
        Assert.Equal(4, elsewhere.ExitCode);
        Assert.StartsWith($"error: You are signed in to {_url}", elsewhere.Errors, StringComparison.Ordinal);
        var clear = await RunCliAsync("", new() { ["SYMPHONY_TOKEN"] = "sym_unused", ["SYMPHONY_SERVER"] = "http://symphony.example" }, "instances", "list");
        Assert.Equal(64, clear.ExitCode);
        Assert.Contains("plain HTTP", clear.Errors, StringComparison.Ordinal);

        var duplicate = await CliAsync("instances", "add", "orders-db", "--type", "postgresql", "--host", "h");
        Assert.Equal(2, duplicate.ExitCode);
        Assert.Contains("(NAME_EXISTS)", duplicate.Errors, StringComparison.Ordinal);

        // The expired access token is renewed with the kept refresh token.
        var saved = JsonNode.Parse(await File.ReadAllTextAsync(credentials))!.AsObject();
        saved["access_token_expires_at"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        await File.WriteAllTextAsync(credentials, saved.ToJsonString());
        Assert.Equal(0, (await CliAsync("instances", "list")).ExitCode);
        Assert.NotEqual(saved["refresh_token"]!.GetValue<string>(), JsonNode.Parse(await File.ReadAllTextAsync(credentials))!["refresh_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wait_follows_a_run_to_its_end_and_the_exit_code_says_whether_it_completed()
    {
        using var api = await ApiAsync();
        await AutomationAsync(api, "checks", Enumerable.Range(0, 30).Select(_ => (object)new { sleep_ms = 100 }));
        await AutomationAsync(api, "broken", [new { sleep_ms = 10 }, new { always_fail = true }]);
        await LoginAsync();

        var completed = await CliAsync("automations", "run", "checks", "--wait");
        Assert.True(completed.ExitCode == 0, completed.ToString());
        Assert.Contains("completed: 30 completed, 0 failed, 0 cancelled of 30 items", completed.Output, StringComparison.Ordinal);

        var failed = await CliAsync("automations", "run", "broken", "--wait");
        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("failed: 1 completed, 1 failed, 0 cancelled of 2 items", failed.Output, StringComparison.Ordinal);
        Assert.Contains("after 2 attempt(s): always_fail is set", failed.Output, StringComparison.Ordinal);

        var runs = JsonNode.Parse((await CliAsync("runs", "list", "--json")).Output)!["items"]!.AsArray();
        Assert.Equal(["completed", "failed"], runs.Select(r => r!["status"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var failedRun = runs.Single(r => r!["status"]!.GetValue<string>() == "failed")!["id"]!.GetValue<string>();
        var shown = await CliAsync("runs", "show", failedRun);
        Assert.Contains("always_fail is set", shown.Output, StringComparison.Ordinal);
        var retried = await CliAsync("runs", "retry", failedRun, "--wait");
        Assert.Equal(1, retried.ExitCode);

        var unknown = await CliAsync("automations", "run", "no-such-automation");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal("error: No automation named 'no-such-automation' in this workspace.", unknown.Errors.Trim());
    }

    [Fact]
    public async Task Sync_accounts_of_a_fleet_with_a_token_from_the_environment_and_a_lost_server_is_told_plainly()
    {
        var collector = $"cli_{Guid.NewGuid():N}"[..16];
        await TestPostgres.CreatePasswordRoleAsync(collector, "Collector-1");
        try
        {
            using var api = await ApiAsync();
            var vault = (await PostAsync(api, "/api/v1/workspaces/default/vaults", new { name = "fleet" }))["id"];
            var credential = (await PostAsync(api, $"/api/v1/workspaces/default/vaults/{vault}/credentials",
                new { name = "collector", username = collector, secret = "Collector-1" }))["id"]!.GetValue<string>();
            var port = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString).Port;
            foreach (var name in new[] { "pg-1", "pg-2", "pg-3" })
                await PostAsync(api, "/api/v1/workspaces/default/instances",
                    new { name, db_type = "postgresql", host = "127.0.0.1", port, credential_id = credential, environment = "test" });
            var token = (await PostAsync(api, "/api/v1/auth/tokens", new { name = "cli", expires_in_days = 1, role = "operator" }))["token"]!.GetValue<string>();
            var environment = new Dictionary<string, string> { ["SYMPHONY_TOKEN"] = token, ["SYMPHONY_SERVER"] = _url };

            var sync = await RunCliAsync("", environment, "sync", "accounts", "--all", "--wait");
            Assert.True(sync.ExitCode == 0, sync.ToString());
            Assert.Contains("Started run", sync.Output, StringComparison.Ordinal);
            Assert.Contains("completed: 3 completed, 0 failed, 0 cancelled of 3 items", sync.Output, StringComparison.Ordinal);
            var listed = JsonNode.Parse((await RunCliAsync("", environment, "instances", "list", "--json")).Output)!["items"]!.AsArray();
            Assert.All(listed, i => Assert.NotNull(i!["accounts_synced_at"]));

            var noScope = await RunCliAsync("", environment, "sync", "accounts");
            Assert.Equal(64, noScope.ExitCode);
            Assert.StartsWith("error: Choose one scope", noScope.Errors, StringComparison.Ordinal);

            _servers.KillAll();
            var lost = await RunCliAsync("", environment, "instances", "list");
            Assert.Equal(3, lost.ExitCode);
            Assert.StartsWith("error: Cannot reach the server", lost.Errors, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", lost.Errors, StringComparison.Ordinal);
        }
        finally
        {
            await TestPostgres.ExecuteAsync($"DROP ROLE IF EXISTS {collector}");
        }
    }

    [Fact]
    public async Task Export_and_import_move_a_fleet_between_workspaces_and_a_refused_row_is_listed_with_exit_code_2()
    {
        using var api = await ApiAsync();
        await PostAsync(api, "/api/v1/workspaces", new { slug = "copy", name = "Copy" });
        await LoginAsync();
        Assert.Equal(0, (await CliAsync("instances", "add", "orders-db", "--type", "postgresql", "--host", "orders.internal")).ExitCode);
        Assert.Equal(0, (await CliAsync("instances", "add", "billing-db", "--type", "mysql", "--host", "billing.internal")).ExitCode);
        var csv = Path.Combine(_servers.Folder, "fleet.csv");
        Assert.Equal(0, (await CliAsync("instances", "export", "--output", csv)).ExitCode);
        Assert.Equal(3, File.ReadAllLines(csv).Count(l => l.Length > 0));

        var imported = await CliAsync("instances", "import", csv, "--workspace", "copy");
        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Contains("2 created, 0 refused", imported.Output, StringComparison.Ordinal);
        var copied = JsonNode.Parse((await CliAsync("instances", "list", "-w", "copy", "--json")).Output)!["items"]!.AsArray();
        Assert.Equal(["billing-db", "orders-db"], copied.Select(i => i!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        // The same file again: every name is taken, and each refused row is listed.
        var again = await CliAsync("instances", "import", csv, "-w", "copy");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("0 created, 2 refused", again.Output, StringComparison.Ordinal);
        Assert.Contains("NAME_EXISTS", again.Output, StringComparison.Ordinal);
    }
}
