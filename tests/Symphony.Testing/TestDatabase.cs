using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Identity;
using Symphony.Infrastructure;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Testing;

/// <summary>A fresh, empty database on one provider: a SQLite file in a temp folder or a new PostgreSQL database.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(DatabaseProvider provider, string connectionString, string directory)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Directory = directory;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    /// <summary>A private folder for the fixture (SQLite file, key files).</summary>
    public string Directory { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var directory = Path.Combine(Path.GetTempPath(), "symphony-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var connection = provider == DatabaseProvider.PostgreSql
            ? await TestPostgres.CreateDatabaseAsync()
            : $"Data Source={Path.Combine(directory, "symphony.db")}";
        return new TestDatabase(provider, connection, directory);
    }

    /// <summary>A fresh database with every migration applied.</summary>
    public static async Task<TestDatabase> CreateMigratedAsync(DatabaseProvider provider)
    {
        var database = await CreateAsync(provider);
        await using var db = database.NewContext();
        await db.Database.MigrateAsync();
        return database;
    }

    /// <summary>A context outside any request; <paramref name="caller"/> fills the audit fields.</summary>
    public SymphonyDbContext NewContext(ICurrentUser? caller = null, TimeProvider? clock = null)
    {
        var options = new DbContextOptionsBuilder<SymphonyDbContext>();
        DependencyInjection.Configure(options, new DatabaseOptions { Provider = Provider, ConnectionString = ConnectionString },
            new SymphonyOptions { DataDirectory = Directory });
        return new SymphonyDbContext(options.Options, caller ?? new FixedCaller(null), clock ?? TimeProvider.System);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere; the temp folder is cleaned with the machine.
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>A caller fixed by the test.</summary>
public sealed record FixedCaller(Guid? UserId, UserRole Role = UserRole.Admin, string? Username = "test") : ICurrentUser
{
    public Guid? SessionId => null;
    public TokenScope? Token => null;
    public string? IpAddress => "127.0.0.1";
    public string? UserAgent => "tests";
    public string? TraceId => null;
}
