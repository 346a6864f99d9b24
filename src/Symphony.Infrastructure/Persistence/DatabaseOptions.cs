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

public sealed class SymphonyOptions
{
    public const string Section = "Symphony";

    /// <summary>Folder for the SQLite file and key files. Relative paths are from the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// The address external engines use to reach this deployment (for workflow callbacks), for example
    /// https://symphony.example.com. Unset, automations that follow workflows by callback cannot start them.
    /// </summary>
    public string? PublicUrl { get; set; }
}
