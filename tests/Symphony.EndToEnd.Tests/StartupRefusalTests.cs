using System.Net;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>What stops start-up before anything is touched, with one line saying why: a bad scheduler file, a bad setting, a port in use.</summary>
public sealed class StartupRefusalTests : IAsyncLifetime
{
    private readonly ServerProcesses _servers = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task A_scheduler_file_with_a_bad_cron_stops_start_up_naming_its_line()
    {
        var file = Path.Combine(_servers.Folder, "scheduler.yaml");
        await File.WriteAllTextAsync(file, "jobs:\n  - id: nightly\n    name: Nightly\n    automation: builtin.accounts-sync\n    cron: \"0 0 25 * * ?\"\n");
        var (code, output) = await _servers.RunToEndAsync(new Dictionary<string, string> { ["Symphony__Scheduler__File"] = file });
        Assert.Equal(1, code);
        Assert.Contains($"Symphony cannot start: {file} line 5: Position 5 (hours field '25')", output);
        Assert.DoesNotContain("   at ", output);
        Assert.False(File.Exists(Path.Combine(_servers.Folder, "data", "symphony.db")), "the database was touched before the file was read");
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
        var (code, output) = await _servers.RunToEndAsync(new Dictionary<string, string> { [variable] = value });
        Assert.True(code == 1, output);
        Assert.Contains(Symphony.Server.Hosting.StartupFailure.Prefix + expected, output);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("Unhandled exception", output);
        Assert.False(File.Exists(Path.Combine(_servers.Folder, "data", "symphony.db")), "the database was touched before the settings were checked");
    }

    [Fact]
    public async Task A_port_in_use_stops_start_up_with_one_line_saying_how_to_choose_another()
    {
        using var holder = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var (code, output) = await _servers.RunToEndAsync(null, "--urls", $"http://127.0.0.1:{port}");
        Assert.True(code == 1, output);
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith(Symphony.Server.Hosting.StartupFailure.Prefix, StringComparison.Ordinal));
        Assert.Contains($"http://127.0.0.1:{port} is in use: another program listens on that port. Choose another with --urls", line);
        Assert.DoesNotContain("   at ", output);
    }
}
