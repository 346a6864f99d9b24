using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>docs/runbooks/backup-restore.md, word for word: a node's database and master keys backed up, restored elsewhere, a credential used again.</summary>
[LongRunning]
public sealed partial class BackupRestoreTests : IAsyncLifetime
{
    private const string Password = "Backup1Password";
    private readonly ServerProcesses _servers = new();

    [Fact]
    public async Task A_restored_backup_with_its_master_keys_decrypts_its_credentials_and_one_without_them_says_so()
    {
        var collector = $"backup_{Guid.NewGuid():N}"[..20];
        await TestPostgres.CreatePasswordRoleAsync(collector, "Collector-1");
        var original = await _servers.CreateDatabaseAsync("symphony_backup");
        var node = await StartAsync(original, "data-original");
        var instance = await SetUpInstanceAsync(node, collector);
        Assert.Equal((true, null), await TestConnectionAsync(node, instance));

        var backup = await VerbatimBlocks.RunAsync("docs/runbooks/backup-restore.md", "backup", Tools(original, "data-original"));
        Assert.Contains("master keys: 1", backup);
        Assert.Matches(@"^tables: [1-9]\d+$", backup.Single(line => line.StartsWith("tables:", StringComparison.Ordinal)));
        _servers.KillAll();

        var restored = await _servers.CreateDatabaseAsync("symphony_restored");
        var restore = await VerbatimBlocks.RunAsync("docs/runbooks/backup-restore.md", "restore", Tools(restored, "data-restored"));
        Assert.Equal(["restored: 1 credential(s)"], restore);
        var again = await StartAsync(restored, "data-restored");
        Assert.Equal((true, null), await TestConnectionAsync(again, instance));

        // The same dump on a node without the master keys: it starts, and says the secret cannot be read.
        var withoutKeys = await _servers.CreateDatabaseAsync("symphony_no_keys");
        await VerbatimBlocks.RunAsync("docs/runbooks/backup-restore.md", "restore", Tools(withoutKeys, "data-no-keys"));
        File.Delete(Directory.GetFiles(Path.Combine(_servers.Folder, "data-no-keys", "keys", "master")).Single());
        var lost = await StartAsync(withoutKeys, "data-no-keys");
        Assert.Equal((false, "SECRET_UNREADABLE"), await TestConnectionAsync(lost, instance));
    }

    [Fact]
    public async Task Every_sql_check_of_the_runbooks_runs_on_a_migrated_database()
    {
        var database = await _servers.CreateDatabaseAsync("symphony_runbooks");
        await StartAsync(database, "data");
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var checks = 0;
        foreach (var runbook in Directory.GetFiles(Path.Combine(Repository.Root, "docs", "runbooks"), "*.md"))
        {
            foreach (Match block in SqlBlock().Matches(await File.ReadAllTextAsync(runbook)))
            {
                await using var command = new NpgsqlCommand(block.Groups[1].Value, connection);
                try
                {
                    await command.ExecuteNonQueryAsync();
                }
                catch (PostgresException e)
                {
                    Assert.Fail($"{Path.GetFileName(runbook)}: {e.MessageText}\n{block.Groups[1].Value}");
                }
                checks++;
            }
        }
        Assert.True(checks >= 6, $"only {checks} SQL blocks in docs/runbooks");
    }

    /// <summary>What the runbook's blocks expect: the database as a libpq URL, the data folder, the backup folder, and PostgreSQL's tools.</summary>
    private Dictionary<string, string> Tools(string database, string data)
    {
        var builder = new NpgsqlConnectionStringBuilder(database);
        var bin = System.Environment.GetEnvironmentVariable("PG_BIN") ?? "/usr/lib/postgresql/15/bin";
        return new()
        {
            ["SYMPHONY_DATABASE"] = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}",
            ["SYMPHONY_DATA"] = Path.Combine(_servers.Folder, data),
            ["BACKUP_DIR"] = Path.Combine(_servers.Folder, "backup"),
            ["PATH"] = $"{bin}:{System.Environment.GetEnvironmentVariable("PATH")}",
        };
    }

    private static Task<string> SetUpInstanceAsync(HttpClient node, string collector) =>
        TestInstances.AddAsync(node, "default", TestTarget.Postgres(collector, "Collector-1"), "pg-main", new Dictionary<string, object?> { ["environment"] = "production", ["database_name"] = "postgres" });

    /// <summary>Whether the instance answered, and the message code when not.</summary>
    private static async Task<(bool Ok, string? Code)> TestConnectionAsync(HttpClient node, string instance)
    {
        var response = await node.PostAsync("/api/v1/workspaces/default/instances/actions/test-connection", SymphonyApp.Json(new { instance_ids = new[] { instance } }));
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["results"]![0]!;
        return (result["ok"]!.GetValue<bool>(), result["message_code"]?.GetValue<string>());
    }

    private async Task<HttpClient> StartAsync(string database, string data)
    {
        var server = await _servers.StartAsync(new Dictionary<string, string>
        {
            ["Symphony__Database__Provider"] = "PostgreSql",
            ["Symphony__Database__ConnectionString"] = database,
            ["Symphony__DataDirectory"] = Path.Combine(_servers.Folder, data),
            ["SYMPHONY_ADMIN_PASSWORD"] = Password,
        });
        return await HttpSignIn.ClientAsync(server.Url, "admin", Password);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [GeneratedRegex(@"```sql\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex SqlBlock();

}
