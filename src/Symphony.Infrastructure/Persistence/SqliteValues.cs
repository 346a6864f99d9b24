using System.Globalization;

namespace Symphony.Infrastructure.Persistence;

/// <summary>Values for raw SQL on SQLite, in the formats EF Core stores them: GUIDs and times as text.</summary>
public static class SqliteValues
{
    public static object? Stored(object? value) => value switch
    {
        Guid guid => guid.ToString().ToUpperInvariant(),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        _ => value,
    };
}
