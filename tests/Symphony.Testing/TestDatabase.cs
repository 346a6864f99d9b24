using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Identity;
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

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider) => await CreateAsync(provider, template: null);

    /// <summary>
    /// A fresh database with every migration applied: a copy of one migrated once per test process and provider
    /// (copying is far quicker than migrating, and most fixtures need nothing else).
    /// </summary>
    public static async Task<TestDatabase> CreateMigratedAsync(DatabaseProvider provider) =>
        await CreateAsync(provider, await Templates[provider].Value);

    private static readonly Dictionary<DatabaseProvider, Lazy<Task<string>>> Templates = new()
    {
        [DatabaseProvider.Sqlite] = new(MigrateTemplateAsync(DatabaseProvider.Sqlite)),
        [DatabaseProvider.PostgreSql] = new(MigrateTemplateAsync(DatabaseProvider.PostgreSql)),
    };

    private static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, string? template)
    {
        var directory = Path.Combine(Path.GetTempPath(), "symphony-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        string connection;
        if (provider == DatabaseProvider.PostgreSql)
            connection = await TestPostgres.CreateDatabaseAsync(template: template);
        else
        {
            var file = Path.Combine(directory, "symphony.db");
            if (template is not null) File.Copy(template, file);
            connection = $"Data Source={file}";
        }
        return new TestDatabase(provider, connection, directory);
    }

    /// <summary>The template: a PostgreSQL database (its name answered) or a SQLite file (its path), migrated without pooling so no connection stays open on it.</summary>
    private static Func<Task<string>> MigrateTemplateAsync(DatabaseProvider provider) => async () =>
    {
        var database = await CreateAsync(provider, template: null);
        var template = new TestDatabase(provider, database.ConnectionString + ";Pooling=false", database.Directory);
        await using (var db = template.NewContext())
            await db.Database.MigrateAsync();
        if (provider == DatabaseProvider.Sqlite) return Path.Combine(database.Directory, "symphony.db");
        var name = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                TestPostgres.DropDatabaseAsync(database.ConnectionString).GetAwaiter().GetResult();
            }
            catch (Npgsql.NpgsqlException)
            {
                // The cluster stopped first; the template went with it.
            }
        };
        return name;
    };

    /// <summary>
    /// A context outside any request; <paramref name="caller"/> fills the audit fields, and a save tells
    /// <paramref name="nodes"/> what the <paramref name="notices"/> find in it.
    /// </summary>
    public SymphonyDbContext NewContext(ICurrentUser? caller = null, TimeProvider? clock = null, INodeMessages? nodes = null, IEnumerable<ISaveNotice>? notices = null)
    {
        var options = new DbContextOptionsBuilder<SymphonyDbContext>();
        DatabaseSetup.Configure(options, new DatabaseOptions { Provider = Provider, ConnectionString = ConnectionString },
            new SymphonyOptions { DataDirectory = Directory });
        return new SymphonyDbContext(options.Options, caller ?? new FixedCaller(null), clock ?? TimeProvider.System, nodes, notices);
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Provider == DatabaseProvider.PostgreSql)
            await TestPostgres.DropDatabaseAsync(ConnectionString);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere; the temp folder is cleaned with the machine.
        }
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
