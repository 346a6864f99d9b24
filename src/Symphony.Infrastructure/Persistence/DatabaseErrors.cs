using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Symphony.Infrastructure.Persistence;

public static class DatabaseErrors
{
    /// <summary>A unique index refused the write: two requests raced for one name.</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };

    /// <summary>
    /// The platform database could not be reached or could not take the statement for now: no host to connect to
    /// (none up, or none primary yet in a failover), a connection refused or broken, a server shutting down or
    /// starting up, a standby not yet promoted (read-only), no connection slot, a SQLite file locked past its busy
    /// timeout. Such a request may succeed when tried again; it is no fault of its own. Npgsql raises every failure
    /// of the connection itself as an NpgsqlException that is not a PostgresException (which is the server's answer).
    /// </summary>
    public static bool IsStoreUnavailable(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                            or PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.TooManyConnections;
                case NpgsqlException:
                    return true;
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode is 5 or 6; // SQLITE_BUSY, SQLITE_LOCKED
            }
        }
        return false;
    }
}
