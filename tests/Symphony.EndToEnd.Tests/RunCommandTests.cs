using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>The built server as a user starts it: a process in an empty folder, its banner, its verbs.</summary>
public sealed partial class RunCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("symphony-run-").FullName;

    [Fact]
    public async Task First_start_creates_the_data_folder_and_prints_the_url_and_a_password_that_signs_in()
    {
        string url, password;
        using (var server = Start())
        {
            (url, password) = await ReadBannerAsync(server);
            Assert.True(File.Exists(Path.Combine(_folder, "data", "symphony.db")));
            Assert.Equal(HttpStatusCode.OK, await SignInAsync(url, password));
            await AssertStylesheetServedAsync(url);
            server.Kill(entireProcessTree: true);
        }

        // A second start reuses the data and shows no password.
        using var again = Start();
        var banner = await ReadLinesUntilAsync(again, line => line.Contains("API docs", StringComparison.Ordinal));
        Assert.DoesNotContain(banner, line => line.Contains("First start", StringComparison.Ordinal));
        var second = RunningAt().Match(string.Join('\n', banner)).Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(second, password));
        again.Kill(entireProcessTree: true);
    }

    /// <summary>The console's stylesheet, as the sign-in page links it, comes with its content from a build's output.</summary>
    private static async Task AssertStylesheetServedAsync(string url)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var login = await http.GetStringAsync("/login");
        var href = StylesheetLink().Match(login).Groups[1].Value;
        Assert.StartsWith("/css/site", href, StringComparison.Ordinal);
        var css = await http.GetStringAsync(href);
        Assert.Contains(".topbar", css, StringComparison.Ordinal);
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\"")]
    private static partial Regex StylesheetLink();

    [Fact]
    public async Task The_migrate_verb_applies_the_migrations_on_sqlite_and_exits()
    {
        var (code, output) = await RunToEndAsync(["migrate"], new Dictionary<string, string>());
        Assert.True(code == 0, output);
        Assert.Contains("Migrations applied.", output);
        // A fresh database is the expected case, not an error.
        Assert.DoesNotContain("\"level\":\"Error\"", output);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "data", "symphony.db")}");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT COUNT(*) FROM \"__EFMigrationsHistory\"", connection);
        var known = typeof(Symphony.Infrastructure.Persistence.SymphonyDbContext).Assembly.GetTypes()
            .Count(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false).Length > 0);
        Assert.Equal((long)known, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_migrate_verb_applies_the_migrations_on_postgresql_and_exits()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var (code, output) = await RunToEndAsync(["migrate"], new Dictionary<string, string>
        {
            ["Symphony__Database__Provider"] = "PostgreSql",
            ["Symphony__Database__ConnectionString"] = database,
        });
        Assert.True(code == 0, output);
        // The migrations history table does not exist yet on a fresh database: expected, not an error.
        Assert.DoesNotContain("\"level\":\"Error\"", output);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM users", connection);
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task First_start_creates_a_master_key_file_and_rotate_keys_rewraps_stored_secrets_with_a_new_one()
    {
        string url, password;
        using (var server = Start())
        {
            (url, password) = await ReadBannerAsync(server);
            var keys = Directory.GetFiles(Path.Combine(_folder, "data", "keys", "master"));
            Assert.Single(keys);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keys[0]));
            using var admin = await AdminClientAsync(url, password);
            var vault = JsonNode.Parse(await (await admin.PostAsync("/api/v1/workspaces/default/vaults", SymphonyApp.Json(new { name = "ops" })))
                .Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
            var created = await admin.PostAsync($"/api/v1/workspaces/default/vaults/{vault}/credentials",
                SymphonyApp.Json(new { name = "collector", username = "symphony", secret = "Rotate-Me-1" }));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            server.Kill(entireProcessTree: true);
        }

        var (code, output) = await RunToEndAsync(["rotate-keys"], new Dictionary<string, string>());
        Assert.True(code == 0, output);
        var newKey = Regex.Match(output, "New master key (\\S+) created").Groups[1].Value;
        Assert.Contains($"1 secret(s) re-wrapped with master key {newKey}.", output);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_folder, "data", "keys", "master")).Length);

        var (again, resumed) = await RunToEndAsync(["rotate-keys", "--resume"], new Dictionary<string, string>());
        Assert.True(again == 0, resumed);
        Assert.Contains($"0 secret(s) re-wrapped with master key {newKey}.", resumed);
    }

    [Fact]
    public async Task A_restarted_sqlite_node_takes_back_the_items_it_held_within_two_seconds()
    {
        string url, password, runId, itemId;
        using (var server = Start())
        {
            (url, password) = await ReadBannerAsync(server);
            using var admin = await AdminClientAsync(url, password);
            const string automations = "/api/v1/workspaces/default/automations";
            var automation = JsonNode.Parse(await (await admin.PostAsync(automations, SymphonyApp.Json(new { name = "long", handler_kind = "echo" })))
                .Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
            var batch = JsonNode.Parse(await (await admin.PostAsync($"{automations}/{automation}/batches", SymphonyApp.Json(new { name = "b" })))
                .Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
            await admin.PostAsync($"{automations}/{automation}/batches/{batch}/items", SymphonyApp.Json(new { payload = new { sleep_ms = 120_000 } }));
            runId = JsonNode.Parse(await (await admin.PostAsync($"{automations}/{automation}/runs", null)).Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
            JsonNode item;
            var deadline = DateTime.UtcNow.AddSeconds(20);
            do
            {
                item = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/workspaces/default/runs/{runId}/items"))!["items"]![0]!;
                Assert.True(DateTime.UtcNow < deadline, "the item was never claimed");
            }
            while (item["status"]!.GetValue<string>() != "processing");
            itemId = item["id"]!.GetValue<string>();
            server.Kill(entireProcessTree: true);
        }

        using var again = Start();
        var banner = await ReadLinesUntilAsync(again, line => line.Contains("API docs", StringComparison.Ordinal));
        var ready = DateTime.UtcNow;
        using var client = await AdminClientAsync(RunningAt().Match(string.Join('\n', banner)).Groups[1].Value, password);
        JsonArray history;
        var until = DateTime.UtcNow.AddSeconds(10);
        do
        {
            history = JsonNode.Parse(await client.GetStringAsync($"/api/v1/workspaces/default/runs/{runId}/items/{itemId}/history"))!["history"]!.AsArray();
            await Task.Delay(100);
        }
        while (history.Count(h => h!["to_status"]!.GetValue<string>() == "processing") < 2 && DateTime.UtcNow < until);

        Assert.Contains(history, h => h!["reason"]?.GetValue<string>() == "its node restarted");
        var reclaimed = history.Where(h => h!["to_status"]!.GetValue<string>() == "processing").Select(h => h!["occurred_at"]!.GetValue<DateTime>()).Max();
        Assert.True(reclaimed.ToUniversalTime() - ready < TimeSpan.FromSeconds(2), $"claimed again {(reclaimed.ToUniversalTime() - ready).TotalSeconds:0.0} s after the restart");
        again.Kill(entireProcessTree: true);
    }

    [Fact]
    public async Task The_metrics_endpoint_answers_only_with_its_token_and_counts_a_run_s_items_attempts_and_outcomes()
    {
        const string token = "metrics-token-of-this-test-0123456789abcdef";
        using var server = Process.Start(StartInfo(["--urls", "http://127.0.0.1:0"], new() { ["Symphony__Telemetry__MetricsToken"] = token }))!;
        _servers.Add(server.Id);
        var (url, password) = await ReadBannerAsync(server);
        using var admin = await AdminClientAsync(url, password);
        using var scraper = new HttpClient { BaseAddress = new Uri(url) };

        // Never anonymous, and a user's session is not a scrape token either.
        var anonymous = await scraper.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("AUTHENTICATION_REQUIRED", JsonNode.Parse(await anonymous.Content.ReadAsStringAsync())!["message_code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/metrics")).StatusCode);

        // 5 items succeed, 2 fail once then succeed, 1 fails both of its attempts.
        const string automations = "/api/v1/workspaces/default/automations";
        var automation = JsonNode.Parse(await (await admin.PostAsync(automations,
            SymphonyApp.Json(new { name = "measured", handler_kind = "echo", max_attempts = 2, retry_delay_seconds = 0 }))).Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var batch = JsonNode.Parse(await (await admin.PostAsync($"{automations}/{automation}/batches", SymphonyApp.Json(new { name = "b" })))
            .Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var payloads = Enumerable.Range(0, 5).Select(i => (object)new { n = i })
            .Concat([new { fail_until_attempt = 2 }, new { fail_until_attempt = 2 }, new { always_fail = true }]);
        foreach (var payload in payloads)
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"{automations}/{automation}/batches/{batch}/items", SymphonyApp.Json(new { payload }))).StatusCode);
        var runId = JsonNode.Parse(await (await admin.PostAsync($"{automations}/{automation}/runs", null)).Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (JsonNode.Parse(await admin.GetStringAsync($"/api/v1/workspaces/default/runs/{runId}"))!["status"]!.GetValue<string>() == "processing")
        {
            Assert.True(DateTime.UtcNow < deadline, "the run never ended");
            await Task.Delay(100);
        }

        // What the store recorded, item by item: the metrics must say the same (11 attempts, 7 completed, 3 retried
        // and 1 failed, when every item behaves as its payload says).
        var items = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/workspaces/default/runs/{runId}/items?limit=50"))!["items"]!.AsArray();
        var moves = new List<string>();
        foreach (var item in items)
        {
            var history = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/workspaces/default/runs/{runId}/items/{item!["id"]!.GetValue<string>()}/history"))!["history"]!.AsArray();
            moves.AddRange(history.Select(h => $"{h!["from_status"]?.GetValue<string>()}>{h["to_status"]!.GetValue<string>()}"));
        }
        var started = moves.Count(m => m.EndsWith(">processing", StringComparison.Ordinal));
        Assert.Equal(8, items.Count);
        Assert.InRange(started, 11, 16);
        scraper.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var expected = new Dictionary<string, double>
        {
            ["symphony_items_started_total"] = started,
            ["symphony_items_completed_total"] = items.Count(i => i!["status"]!.GetValue<string>() == "completed"),
            ["symphony_items_retried_total"] = moves.Count(m => m == "processing>retrying"),
            ["symphony_items_failed_total"] = items.Count(i => i!["status"]!.GetValue<string>() == "failed"),
            ["symphony_item_duration_seconds_count"] = started,
        };
        string text;
        var until = DateTime.UtcNow.AddSeconds(10);
        do
        {
            // The exporter answers from a short cache: the last outcomes may come a scrape later.
            text = await scraper.GetStringAsync("/metrics");
            await Task.Delay(200);
        }
        while (!expected.All(e => Value(text, e.Key, "symphony_handler_kind=\"echo\"") == e.Value) && DateTime.UtcNow < until);

        var ours = string.Join('\n', text.Split('\n').Where(line => line.StartsWith("symphony_", StringComparison.Ordinal)));
        foreach (var (name, value) in expected) Assert.True(Value(text, name, "symphony_handler_kind=\"echo\"") == value, $"{name} is not {value}:\n{ours}");
        Assert.Equal(1, Value(text, "symphony_run_duration_seconds_count", "symphony_outcome=\"failed\""));
        Assert.Equal(0, Value(text, "symphony_queue_depth", ""));
        Assert.True(Value(text, "http_server_request_duration_seconds_count", "http_route=\"/api/v1/workspaces/{workspace}/runs/{runId:guid}\"") > 0, text);
        Assert.NotNull(Value(text, "dotnet_gc_collections_total", ""));
    }

    /// <summary>The sum of a metric's samples whose labels contain <paramref name="label"/> (every series of it with that label), or null when there is none.</summary>
    private static double? Value(string exposition, string metric, string label)
    {
        double? sum = null;
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length == metric.Length || line[metric.Length] is not ('{' or ' ')) continue;
            if (label.Length > 0 && !line.Contains(label, StringComparison.Ordinal)) continue;
            var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            sum = (sum ?? 0) + double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        return sum;
    }

    [Fact]
    public async Task An_unknown_verb_is_refused_with_the_list_of_verbs()
    {
        var (code, output) = await RunToEndAsync(["frobnicate"], new Dictionary<string, string>());
        Assert.Equal(2, code);
        Assert.Contains("Commands: migrate", output);
    }

    [Fact]
    public async Task A_scheduler_file_with_a_bad_cron_stops_start_up_naming_its_line()
    {
        var file = Path.Combine(_folder, "scheduler.yaml");
        await File.WriteAllTextAsync(file, "jobs:\n  - id: nightly\n    name: Nightly\n    automation: builtin.accounts-sync\n    cron: \"0 0 25 * * ?\"\n");
        var (code, output) = await RunToEndAsync(["--urls", "http://127.0.0.1:0"], new() { ["Symphony__Scheduler__File"] = file });
        Assert.Equal(1, code);
        Assert.Contains($"Symphony cannot start: {file} line 5: Position 5 (hours field '25')", output);
        Assert.DoesNotContain("   at ", output);
        Assert.False(File.Exists(Path.Combine(_folder, "data", "symphony.db")), "the database was touched before the file was read");
    }

    [Theory]
    [InlineData("Symphony__Worker__Parallelism", "many", "Symphony:Worker:Parallelism: 'many' is not a whole number")]
    [InlineData("Symphony__Worker__Lease", "soon", "Symphony:Worker:Lease: 'soon' is not a time span such as 00:00:30")]
    [InlineData("Symphony__Scheduler__Enabled", "maybe", "Symphony:Scheduler:Enabled: 'maybe' is not true or false")]
    [InlineData("Symphony__Database__Provider", "Oracle", "Symphony:Database:Provider: 'Oracle' is not one of Sqlite, PostgreSql")]
    [InlineData("Symphony__Worker__Parallelism", "0", "Symphony:Worker:Parallelism: 0 is below 1 (a whole number of at least 1).")]
    [InlineData("Symphony__Alerts__DispatchInterval", "-00:00:01", "Symphony:Alerts:DispatchInterval: '-00:00:01' is not a duration above zero")]
    [InlineData("Symphony__Auth__SigningKey", "not base64!", "Symphony:Auth:SigningKey: is not base64 of at least 32 bytes (generate one with: openssl rand -base64 32).")]
    [InlineData("Symphony__Secrets__MasterKeys__k1", "c2hvcnQ=", "Symphony:Secrets:MasterKeys:k1: is not base64 of at least 32 bytes")]
    [InlineData("Symphony__Targets__AllowedNetworks__0", "10.0.0.0/99", "Symphony:Targets:AllowedNetworks: '10.0.0.0/99' is not an address or a CIDR range")]
    [InlineData("Symphony__PublicUrl", "symphony.example.com", "Symphony:PublicUrl: 'symphony.example.com' is not an absolute http or https address")]
    [InlineData("Symphony__Database__Provider", "PostgreSql", "Symphony:Database:ConnectionString: is required with Provider PostgreSql")]
    [InlineData("Symphony__Logging__Format", "xml", "Symphony:Logging:Format: 'xml' is not one of auto, json, text.")]
    public async Task A_bad_setting_stops_start_up_with_a_line_naming_it_before_anything_is_touched(string variable, string value, string expected)
    {
        var (code, output) = await RunToEndAsync(["--urls", "http://127.0.0.1:0"], new() { [variable] = value });
        Assert.True(code == 1, output);
        Assert.Contains(Symphony.Server.Hosting.StartupFailure.Prefix + expected, output);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("Unhandled exception", output);
        Assert.False(File.Exists(Path.Combine(_folder, "data", "symphony.db")), "the database was touched before the settings were checked");
    }

    [Fact]
    public async Task Log_lines_are_json_for_a_pipe_and_readable_text_when_chosen_around_the_same_banner()
    {
        foreach (var (format, expected) in new[] { ("auto", "{\"timestamp\":"), ("text", " info Microsoft.Hosting.Lifetime: ") })
        {
            using var server = Process.Start(StartInfo(["--urls", "http://127.0.0.1:0"],
                new() { ["Symphony__Logging__Format"] = format, ["Logging__LogLevel__Default"] = "Information" }))!;
            _servers.Add(server.Id);
            // Standard output is a pipe here: "auto" means JSON.
            bool banner = false, lifetime = false;
            var lines = await ReadLinesUntilAsync(server, line =>
            {
                banner |= line.Contains("API docs", StringComparison.Ordinal);
                lifetime |= line.Contains("Microsoft.Hosting.Lifetime", StringComparison.Ordinal);
                return banner && lifetime;
            });
            Assert.Contains(lines, line => line.StartsWith("  Symphony is running at", StringComparison.Ordinal));
            Assert.Contains(lines, line => line.Contains(expected, StringComparison.Ordinal));
            server.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task A_port_in_use_stops_start_up_with_one_line_saying_how_to_choose_another()
    {
        using var holder = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var (code, output) = await RunToEndAsync(["--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string>());
        Assert.True(code == 1, output);
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith(Symphony.Server.Hosting.StartupFailure.Prefix, StringComparison.Ordinal));
        Assert.Contains($"http://127.0.0.1:{port} is in use: another program listens on that port. Choose another with --urls", line);
        Assert.DoesNotContain("   at ", output);
    }

    /// <summary>Started servers, stopped at the end of the test even when an assertion ends it early.</summary>
    private readonly List<int> _servers = [];

    private Process Start()
    {
        var server = Process.Start(StartInfo(["--urls", "http://127.0.0.1:0"], new Dictionary<string, string>()))!;
        _servers.Add(server.Id);
        return server;
    }

    private ProcessStartInfo StartInfo(string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [TestProcesses.ServerDll, .. args])
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("SYMPHONY_ADMIN_PASSWORD");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return start;
    }

    private async Task<(int Code, string Output)> RunToEndAsync(string[] args, Dictionary<string, string> environment)
    {
        using var process = Process.Start(StartInfo(args, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<(string Url, string Password)> ReadBannerAsync(Process server)
    {
        var lines = await ReadLinesUntilAsync(server, line => line.Contains("First start", StringComparison.Ordinal));
        var text = string.Join('\n', lines);
        var password = Regex.Match(text, "with password: (\\S+)").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(password), text);
        return (RunningAt().Match(text).Groups[1].Value, password);
    }

    private static async Task<List<string>> ReadLinesUntilAsync(Process server, Func<string, bool> last)
    {
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
            if (last(line)) return lines;
        }
        throw new InvalidOperationException("The server ended before its banner: " + string.Join('\n', lines));
    }

    private static async Task<HttpClient> AdminClientAsync(string url, string password)
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url) };
        var csrf = JsonNode.Parse(await client.GetStringAsync("/api/v1/auth/csrf-token"))!["csrf_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = SymphonyApp.Json(new { username = "admin", password }) };
        request.Headers.Add("X-CSRF-Token", csrf);
        var login = await client.SendAsync(request);
        var token = JsonNode.Parse(await login.Content.ReadAsStringAsync())!["access_token"]?.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(token), await login.Content.ReadAsStringAsync());
        var admin = new HttpClient { BaseAddress = new Uri(url) };
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return admin;
    }

    private static async Task<HttpStatusCode> SignInAsync(string url, string password)
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url) };
        var csrf = JsonNode.Parse(await client.GetStringAsync("/api/v1/auth/csrf-token"))!["csrf_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = SymphonyApp.Json(new { username = "admin", password }) };
        request.Headers.Add("X-CSRF-Token", csrf);
        return (await client.SendAsync(request)).StatusCode;
    }

    [GeneratedRegex(@"Symphony is running at (\S+)")]
    private static partial Regex RunningAt();

    public void Dispose()
    {
        foreach (var id in _servers)
        {
            try
            {
                using var server = Process.GetProcessById(id);
                server.Kill(entireProcessTree: true);
                server.WaitForExit(5000);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // already exited
            }
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
