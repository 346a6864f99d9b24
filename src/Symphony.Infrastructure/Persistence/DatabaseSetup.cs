using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Symphony.Infrastructure.Persistence;

/// <summary>How the platform database is reached: the connection string, the PostgreSQL data source, the EF options.</summary>
public static class DatabaseSetup
{
    /// <summary>
    /// With several hosts (a primary and its standbys), what each one is (primary, standby, down) is asked again a
    /// second after it was last known instead of Npgsql's ten, so a promoted standby is taken as the primary at once;
    /// unless the connection string sets Host Recheck Seconds itself.
    /// </summary>
    public static string WithFailoverDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (builder.Host?.Contains(',') != true || given.ContainsKey("Host Recheck Seconds") || given.ContainsKey("HostRecheckSeconds"))
            return connectionString;
        builder.HostRecheckSeconds = 1;
        return builder.ConnectionString;
    }

    public static PostgresDataSource DataSourceFor(DatabaseOptions database)
    {
        if (database.Provider != DatabaseProvider.PostgreSql) return new PostgresDataSource(null);
        var builder = new NpgsqlDataSourceBuilder(WithFailoverDefaults(database.ConnectionString
            ?? throw new InvalidOperationException("Symphony:Database:ConnectionString is required for PostgreSQL.")));
        // Prepared statements for the hot queries, unless the connection string says otherwise.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;

        return new PostgresDataSource(builder.Build());
    }

    /// <summary>The platform database's connection string; with SQLite and none set, a file symphony.db in the data directory.</summary>
    public static string ConnectionStringFor(DatabaseOptions database, SymphonyOptions symphony)
    {
        if (!string.IsNullOrEmpty(database.ConnectionString))
            return database.Provider == DatabaseProvider.PostgreSql ? WithFailoverDefaults(database.ConnectionString) : database.ConnectionString;
        if (database.Provider == DatabaseProvider.PostgreSql)
            throw new InvalidOperationException("Symphony:Database:ConnectionString is required for PostgreSQL.");
        Directory.CreateDirectory(symphony.DataDirectory);
        return $"Data Source={Path.Combine(symphony.DataDirectory, "symphony.db")}";
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseOptions database, SymphonyOptions symphony, NpgsqlDataSource? dataSource = null)
    {
        switch (database.Provider)
        {
            case DatabaseProvider.PostgreSql:
                if (dataSource is not null)
                    options.UseNpgsql(dataSource);
                else
                    options.UseNpgsql(database.ConnectionString
                        ?? throw new InvalidOperationException("Symphony:Database:ConnectionString is required for PostgreSQL."));
                break;
            default:
                options.UseSqlite(ConnectionStringFor(database, symphony)).AddInterceptors(SqlitePragmas.Instance);
                break;
        }
        // Migrations are written by hand (the EF design-time package does not restore here), so
        // there is no model snapshot to compare with; a test compares the migrated schema with the model instead.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)
            // A failed command is the caller's to judge: a unique violation of a lost race, the migrations history
            // table that does not exist yet on a first start, a store that is out. Unexpected ones are logged where
            // they are handled (the problem handler, the worker's loops), once.
            .Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (RelationalEventId.ConnectionError, LogLevel.Debug), (CoreEventId.QueryIterationFailed, LogLevel.Debug)));
    }
}

/// <summary>The process's PostgreSQL data source, disposed with the host; null on SQLite.</summary>
public sealed class PostgresDataSource(NpgsqlDataSource? value) : IDisposable
{
    public NpgsqlDataSource? Value { get; } = value;

    public void Dispose() => Value?.Dispose();
}
