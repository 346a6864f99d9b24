namespace Symphony.Infrastructure.Persistence;

public enum DatabaseProvider { Sqlite, PostgreSql }

public sealed class DatabaseOptions
{
    public const string Section = "Symphony:Database";

    /// <summary>"sqlite" (default, embedded) or "postgresql".</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Unset with SQLite: a file symphony.db in the data directory.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the server starts (the migrate verb does it on demand).</summary>
    public bool MigrateOnStart { get; set; } = true;
}
