using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using MySqlConnector;
using Symphony.Application.Credentials;
using Symphony.Application.Fleet;
using Symphony.Domain.Fleet;
using static Symphony.Infrastructure.Fleet.GrantMaps;

namespace Symphony.Infrastructure.Fleet;

/// <summary>
/// MySQL and MariaDB targets over MySqlConnector, through a <see cref="MySqlGuard"/> that owns the connection to the
/// server: it speaks TLS as the instance's tls_mode says and lets no unverified server have the password itself. As
/// with PostgreSQL, connections are unpooled, carry a command timeout, and every failure is given a reason a DBA acts on. The grant tables differ by flavour: MariaDB
/// keeps an account's attributes in <c>mysql.global_priv</c> and its roles in <c>mysql.roles_mapping</c>; MySQL 8
/// keeps them in <c>mysql.user</c>, <c>mysql.global_grants</c>, <c>mysql.role_edges</c> and <c>mysql.default_roles</c>.
/// The mapping onto the snapshot is in docs/architecture/fleet-domain.md ("MySQL and MariaDB accounts").
/// </summary>
public sealed partial class MySqlDriver(TargetTls tls) : IDatabaseDriver
{
    /// <summary>The privileges on tables: holding one of them on <c>*.*</c> lets <c>information_schema.TABLES</c> show every table.</summary>
    private static readonly string[] TablePrivileges =
        ["SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "REFERENCES", "INDEX", "ALTER", "CREATE VIEW", "SHOW VIEW", "TRIGGER", "DELETE HISTORY"];


    public string DbType => DbTypes.MySql;

    public Task<ServerFacts> ProbeAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct) =>
        OnTargetAsync(target, credential, limits, async connection => (await FlavourAsync(connection, ct)).Facts, ct);

    /// <summary>The grant tables of the server's flavour, read on one connection in one round trip.</summary>
    public Task<CollectedAccounts> CollectAccountsAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct) =>
        OnTargetAsync(target with { DatabaseName = null }, credential, limits, async connection =>
        {
            var flavour = await FlavourAsync(connection, ct);
            if (flavour.Version < (flavour.MariaDb ? new Version(10, 4) : new Version(8, 0)))
                throw new DatabaseConnectionException(ConnectionFailureReasons.Protocol,
                    $"{flavour.Facts.Version} keeps its accounts in tables Symphony does not read: accounts sync needs MariaDB 10.4 or MySQL 8.0 onwards");
            var grants = new GrantTables();
            await using var command = new MySqlCommand(flavour.MariaDb ? MariaDbAccountsSql : MySqlAccountsSql, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (flavour.MariaDb) await ReadMariaDbAccountsAsync(reader, grants, flavour.Version, ct);
            else await ReadMySqlAccountsAsync(reader, grants, ct);
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct)) // mysql.db
            {
                var (privileges, grantable) = PrivilegeColumns(reader, from: 3);
                foreach (var privilege in privileges)
                    Add(grants.Database, Name(reader.GetString(2), reader.GetString(0)), new Grant(reader.GetString(1), privilege, grantable));
            }
            await ReadObjectGrantsAsync(reader, grants, "tables", ct);
            await ReadObjectGrantsAsync(reader, grants, "columns", ct);
            await ReadObjectGrantsAsync(reader, grants, "routines", ct);
            return grants.Collected(flavour.Facts);
        }, ct);

    /// <summary>
    /// Every database but the two virtual ones, with the data and index lengths of its tables from
    /// <c>information_schema.TABLES</c> (InnoDB's are estimates, as the server keeps them); a database without
    /// tables measures 0. The collector sees every table's size with a global privilege that reads no data
    /// (<c>SHOW VIEW</c>, docs/reference/collector-grants.md).
    /// </summary>
    public Task<CollectedCapacity> CollectCapacityAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct) =>
        OnTargetAsync(target with { DatabaseName = null }, credential, limits, async connection =>
        {
            var flavour = await FlavourAsync(connection, ct);
            await EnsureTablesVisibleAsync(connection, flavour, ct);
            await using var command = new MySqlCommand("""
                SELECT s.SCHEMA_NAME, CAST(COALESCE(SUM(t.DATA_LENGTH + t.INDEX_LENGTH), 0) AS SIGNED)
                FROM information_schema.SCHEMATA s LEFT JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = s.SCHEMA_NAME
                WHERE s.SCHEMA_NAME NOT IN ('information_schema', 'performance_schema')
                GROUP BY s.SCHEMA_NAME
                ORDER BY s.SCHEMA_NAME
                """, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var databases = new List<DatabaseSize>();
            while (await reader.ReadAsync(ct)) databases.Add(new DatabaseSize(reader.GetString(0), reader.GetInt64(1)));
            return new CollectedCapacity(flavour.Facts, databases);
        }, ct);

    /// <summary>The base tables of the target's database (<c>TABLE_SCHEMA</c>), largest first; views have no size.</summary>
    public Task<CollectedTables> CollectTableSizesAsync(
        ConnectionTarget target, UsableCredential credential, int limit, ConnectionLimits limits, CancellationToken ct) =>
        OnTargetAsync(target with { DatabaseName = null }, credential, limits, async connection =>
        {
            await EnsureTablesVisibleAsync(connection, await FlavourAsync(connection, ct), ct);
            await using var command = new MySqlCommand("""
                SELECT TABLE_SCHEMA, TABLE_NAME, CAST(COALESCE(DATA_LENGTH, 0) AS SIGNED), CAST(COALESCE(INDEX_LENGTH, 0) AS SIGNED),
                       CAST(TABLE_ROWS AS SIGNED), COUNT(*) OVER ()
                FROM information_schema.TABLES
                WHERE TABLE_SCHEMA = @database AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
                ORDER BY COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0) DESC, TABLE_NAME
                LIMIT @limit
                """, connection);
            command.Parameters.AddWithValue("@database", target.DatabaseName ?? "");
            command.Parameters.AddWithValue("@limit", limit);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var tables = new List<TableSize>();
            var total = 0;
            while (await reader.ReadAsync(ct))
            {
                var (data, index) = (reader.GetInt64(2), reader.GetInt64(3));
                tables.Add(new TableSize(reader.GetString(0), reader.GetString(1), "table", data + index, data, index, 0,
                    reader.IsDBNull(4) ? null : reader.GetInt64(4)));
                total = (int)reader.GetInt64(5);
            }
            return new CollectedTables(tables, total);
        }, ct);

    /// <summary>
    /// Refuses to measure when the collector would see no table: without a privilege on tables held on <c>*.*</c>
    /// the server hides them, and every database would measure 0. On MySQL 8 the figures are asked fresh, not from
    /// the statistics cache (a day old at most by default).
    /// </summary>
    private static async Task EnsureTablesVisibleAsync(MySqlConnection connection, Flavour flavour, CancellationToken ct)
    {
        await using var command = new MySqlCommand($"""
            {(flavour.MariaDb ? "" : "SET SESSION information_schema_stats_expiry = 0;")}
            SELECT COUNT(*) FROM information_schema.USER_PRIVILEGES
            WHERE GRANTEE = CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')
              AND PRIVILEGE_TYPE IN ({string.Join(", ", TablePrivileges.Select(p => $"'{p}'"))})
            """, connection);
        if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == 0)
            throw new DatabaseConnectionException(ConnectionFailureReasons.PermissionDenied,
                "the collector sees no table sizes: it needs SHOW VIEW ON *.* granted to itself (docs/reference/collector-grants.md)");
    }

    private sealed record Flavour(bool MariaDb, Version Version, ServerFacts Facts);

    /// <summary>MariaDB or MySQL, from <c>VERSION()</c> ("10.11.19-MariaDB-0+deb12u1", "8.0.36").</summary>
    private static async Task<Flavour> FlavourAsync(MySqlConnection connection, CancellationToken ct)
    {
        await using var command = new MySqlCommand("SELECT VERSION(), @@version_comment", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var version = reader.GetString(0);
        var comment = reader.IsDBNull(1) ? "" : reader.GetString(1);
        var mariaDb = version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);
        var numbers = VersionNumbers().Match(version);
        var parsed = numbers.Success ? new Version(int.Parse(numbers.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(numbers.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(numbers.Groups[3].Value, CultureInfo.InvariantCulture)) : new Version(0, 0);
        var text = $"{(mariaDb ? "MariaDB" : "MySQL")} {version}{(comment.Length > 0 ? $" ({comment})" : "")}";
        return new Flavour(mariaDb, parsed, new ServerFacts(text, parsed.Major));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\d+)\.(\d+)\.(\d+)")]
    private static partial System.Text.RegularExpressions.Regex VersionNumbers();

    private async Task<T> OnTargetAsync<T>(
        ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, Func<MySqlConnection, Task<T>> work, CancellationToken ct)
    {
        MySqlGuard? guard = null;
        try
        {
            await using var connection = new MySqlConnection();
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                connectTimeout.CancelAfter(limits.Connect);
                guard = await MySqlGuard.OpenAsync(target, tls, connectTimeout.Token);
                connection.ConnectionString = ConnectionString(target, guard.Socket, credential, limits);
                await connection.OpenAsync(connectTimeout.Token);
            }
            return await work(connection);
        }
        catch (Exception e) when ((guard?.Refusal ?? Classify(e, limits)) is { } failure && !ct.IsCancellationRequested)
        {
            throw failure;
        }
        finally
        {
            if (guard is not null) await guard.DisposeAsync();
        }
    }

    /// <summary>
    /// Unpooled: a test must really connect. To the guard's socket, without TLS: the guard speaks TLS to the server,
    /// and the password goes only where it lets it (docs/reference/security.md). No redirection to another server.
    /// </summary>
    private static string ConnectionString(ConnectionTarget target, string guardSocket, UsableCredential credential, ConnectionLimits limits) =>
        new MySqlConnectionStringBuilder
        {
            Server = guardSocket,
            ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
            ServerRedirectionMode = MySqlServerRedirectionMode.Disabled,
            Database = target.DatabaseName ?? "",
            UserID = credential.Username,
            Password = credential.Secret,
            // Longer than the connect limit, which cancels first and so is reported as a timeout.
            ConnectionTimeout = (uint)Math.Max(1, (int)Math.Ceiling(limits.Connect.TotalSeconds)) + 2,
            DefaultCommandTimeout = (uint)Math.Max(1, (int)Math.Ceiling(limits.Statement.TotalSeconds)),
            ApplicationName = "symphony",
            SslMode = MySqlSslMode.None,
            Pooling = false,
            AllowPublicKeyRetrieval = false,
        }.ConnectionString;

    /// <summary>
    /// The reason of a failure, as for PostgreSQL: a server shutting down, out of connections or gone mid-call is
    /// <c>unreachable</c> and retried; a refusal a retry cannot change fails at once. A missing grant is
    /// <c>permission_denied</c> with the server's words, which name the privilege and the table.
    /// </summary>
    internal static DatabaseConnectionException? Classify(Exception e, ConnectionLimits limits)
    {
        var (reason, message) = e switch
        {
            MySqlException { ErrorCode: MySqlErrorCode.CommandTimeoutExpired or MySqlErrorCode.QueryInterrupted or MySqlErrorCode.QueryTimeout }
                or MySqlException { Number: 1969 } => (ConnectionFailureReasons.Timeout, $"a statement took longer than {limits.Statement.TotalSeconds:0} s"),
            MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost } m when m.Message.StartsWith("Connect Timeout expired", StringComparison.Ordinal) =>
                (ConnectionFailureReasons.Timeout, $"no connection within {limits.Connect.TotalSeconds:0} s"),
            MySqlException { ErrorCode: MySqlErrorCode.ConnectionCountError or MySqlErrorCode.TooManyUserConnections or MySqlErrorCode.ServerShutdown }
                or MySqlException { Number: 1226 or 2006 or 2013 } => (ConnectionFailureReasons.Unreachable, Said(e)),
            MySqlException { ErrorCode: MySqlErrorCode.AccessDenied or MySqlErrorCode.HostNotPrivileged }
                or MySqlException { Number: 3118 or 4151 or 1820 or 1862 } => (ConnectionFailureReasons.AuthenticationFailed, Said(e)),
            MySqlException { ErrorCode: MySqlErrorCode.UnknownDatabase } => (ConnectionFailureReasons.DatabaseNotFound, Said(e)),
            MySqlException
            {
                ErrorCode: MySqlErrorCode.DatabaseAccessDenied or MySqlErrorCode.TableAccessDenied or MySqlErrorCode.ColumnAccessDenied
                or MySqlErrorCode.SpecifiedAccessDeniedError or MySqlErrorCode.PrecedureAccessDenied
            } => (ConnectionFailureReasons.PermissionDenied, Said(e)),
            MySqlException { InnerException: AuthenticationException a } => (ConnectionFailureReasons.Tls, a.Message),
            MySqlException { InnerException: SocketException or IOException or EndOfStreamException }
                or MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost } => (ConnectionFailureReasons.Unreachable, Said(e)),
            OperationCanceledException or TimeoutException => (ConnectionFailureReasons.Timeout, $"no connection within {limits.Connect.TotalSeconds:0} s"),
            AuthenticationException a => (ConnectionFailureReasons.Tls, a.Message),
            SocketException s => (ConnectionFailureReasons.Unreachable, s.Message),
            // An authentication plugin the client does not have (ed25519 without its package, PAM's dialog).
            NotSupportedException n => (ConnectionFailureReasons.AuthenticationFailed, n.Message),
            MySqlException m => (ConnectionFailureReasons.Protocol, Said(m)),
            MySqlProtocolException p => (ConnectionFailureReasons.Protocol, p.Message),
            _ => (null, null),
        };
        return reason is null ? null : new DatabaseConnectionException(reason, message!, e);
    }

    private static string Said(Exception e) => e is MySqlException { Number: > 0 } m ? $"{m.Number}: {m.Message}" : e.Message;
}
