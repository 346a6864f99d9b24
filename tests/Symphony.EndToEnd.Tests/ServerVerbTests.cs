using Microsoft.Data.Sqlite;
using Npgsql;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>The server's verbs run to their end: migrate on each provider, and an unknown verb refused.</summary>
public sealed class ServerVerbTests : IAsyncLifetime
{
    private readonly ServerProcesses _servers = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task The_migrate_verb_applies_the_migrations_on_sqlite_and_exits()
    {
        var (code, output) = await _servers.RunToEndAsync(null, "migrate");
        Assert.True(code == 0, output);
        Assert.Contains("Migrations applied.", output);
        // A fresh database is the expected case, not an error.
        Assert.DoesNotContain("\"level\":\"Error\"", output);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_servers.Folder, "data", "symphony.db")}");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT COUNT(*) FROM \"__EFMigrationsHistory\"", connection);
        var known = typeof(Symphony.Infrastructure.Persistence.SymphonyDbContext).Assembly.GetTypes()
            .Count(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false).Length > 0);
        Assert.Equal((long)known, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_migrate_verb_applies_the_migrations_on_postgresql_and_exits()
    {
        var database = await _servers.CreateDatabaseAsync();
        var (code, output) = await _servers.RunToEndAsync(new Dictionary<string, string>
        {
            ["Symphony__Database__Provider"] = "PostgreSql",
            ["Symphony__Database__ConnectionString"] = database,
        }, "migrate");
        Assert.True(code == 0, output);
        // The migrations history table does not exist yet on a fresh database: expected, not an error.
        Assert.DoesNotContain("\"level\":\"Error\"", output);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM users", connection);
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task An_unknown_verb_is_refused_with_the_list_of_verbs()
    {
        var (code, output) = await _servers.RunToEndAsync(null, "frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("Commands: migrate", output);
    }
}
