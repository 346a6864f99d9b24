using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>The built server as a user first starts it: a process in an empty folder, its banner, its data folder and master key, its log lines.</summary>
[LongRunning]
public sealed partial class FirstStartTests : IAsyncLifetime
{
    private readonly ServerProcesses _servers = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task First_start_creates_the_data_folder_and_prints_the_url_and_a_password_that_signs_in()
    {
        string password;
        using (var server = await _servers.StartAsync())
        {
            password = await FirstStartPasswordAsync(server);
            Assert.True(File.Exists(Path.Combine(_servers.Folder, "data", "symphony.db")));
            using var signIn = await HttpSignIn.PostLoginAsync(server.Url, "admin", password);
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            await AssertStylesheetServedAsync(server.Url);
        }

        // A second start reuses the data and shows no password.
        using var again = await _servers.StartAsync();
        var banner = await again.WaitForLineAsync(line => line.Contains("API docs", StringComparison.Ordinal));
        Assert.DoesNotContain(banner, line => line.Contains("First start", StringComparison.Ordinal));
        using var second = await HttpSignIn.PostLoginAsync(again.Url, "admin", password);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
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
    public async Task First_start_creates_a_master_key_file_and_rotate_keys_rewraps_stored_secrets_with_a_new_one()
    {
        using (var server = await _servers.StartAsync())
        {
            var password = await FirstStartPasswordAsync(server);
            var keys = Directory.GetFiles(Path.Combine(_servers.Folder, "data", "keys", "master"));
            Assert.Single(keys);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keys[0]));
            using var admin = await HttpSignIn.ClientAsync(server.Url, "admin", password);
            var vault = JsonNode.Parse(await (await admin.PostAsync("/api/v1/workspaces/default/vaults", SymphonyApp.Json(new { name = "ops" })))
                .Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
            var created = await admin.PostAsync($"/api/v1/workspaces/default/vaults/{vault}/credentials",
                SymphonyApp.Json(new { name = "collector", username = "symphony", secret = "Rotate-Me-1" }));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var (code, output) = await _servers.RunToEndAsync(null, "rotate-keys");
        Assert.True(code == 0, output);
        var newKey = Regex.Match(output, "New master key (\\S+) created").Groups[1].Value;
        Assert.Contains($"1 secret(s) re-wrapped with master key {newKey}.", output);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_servers.Folder, "data", "keys", "master")).Length);

        var (again, resumed) = await _servers.RunToEndAsync(null, "rotate-keys", "--resume");
        Assert.True(again == 0, resumed);
        Assert.Contains($"0 secret(s) re-wrapped with master key {newKey}.", resumed);
    }

    [Fact]
    public async Task Log_lines_are_json_for_a_pipe_and_readable_text_when_chosen_around_the_same_banner()
    {
        foreach (var (format, expected) in new[] { ("auto", "{\"timestamp\":"), ("text", " info Microsoft.Hosting.Lifetime: ") })
        {
            using var server = _servers.Launch(new Dictionary<string, string> { ["Symphony__Logging__Format"] = format, ["Logging__LogLevel__Default"] = "Information" });
            // Standard output is a pipe here: "auto" means JSON.
            bool banner = false, lifetime = false;
            var lines = await server.WaitForLineAsync(line =>
            {
                banner |= line.Contains("API docs", StringComparison.Ordinal);
                lifetime |= line.Contains("Microsoft.Hosting.Lifetime", StringComparison.Ordinal);
                return banner && lifetime;
            });
            Assert.Contains(lines, line => line.StartsWith("  Symphony is running at", StringComparison.Ordinal));
            Assert.Contains(lines, line => line.Contains(expected, StringComparison.Ordinal));
        }
    }

    /// <summary>The admin's password the first start's banner shows, once.</summary>
    internal static async Task<string> FirstStartPasswordAsync(ServerProcess server)
    {
        var lines = await server.WaitForLineAsync(line => line.Contains("First start", StringComparison.Ordinal));
        var password = Regex.Match(lines[^1], "with password: (\\S+)").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(password), string.Join('\n', lines));
        return password;
    }
}
