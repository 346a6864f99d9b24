using System.Net.Sockets;
using System.Security.Authentication;
using Npgsql;
using Symphony.Application.Credentials;
using Symphony.Application.Fleet;
using Symphony.Domain.Fleet;

namespace Symphony.Infrastructure.Fleet;

/// <summary>
/// PostgreSQL targets over Npgsql. Connections to targets are unpooled here (a test must really connect), name
/// themselves "symphony" to the server, prefer TLS, and carry a statement timeout.
/// </summary>
public sealed class PostgresDriver : IDatabaseDriver
{
    public string DbType => DbTypes.PostgreSql;

    public async Task<ServerFacts> ProbeAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(target, credential, limits, pooling: false));
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connectTimeout.CancelAfter(limits.Connect);
            await connection.OpenAsync(connectTimeout.Token);
            await using var command = new NpgsqlCommand("SELECT version(), current_setting('server_version_num')::int", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new ServerFacts(reader.GetString(0), reader.GetInt32(1) / 10_000);
        }
        catch (Exception e) when (Classify(e, limits) is { } failure && !ct.IsCancellationRequested)
        {
            throw failure;
        }
    }

    public static string ConnectionString(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, bool pooling) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = target.Host,
            Port = target.Port,
            Database = target.DatabaseName ?? "postgres",
            Username = credential.Username,
            Password = credential.Secret,
            Timeout = Math.Max(1, (int)Math.Ceiling(limits.Connect.TotalSeconds)),
            CommandTimeout = Math.Max(1, (int)Math.Ceiling(limits.Statement.TotalSeconds)),
            Options = $"-c statement_timeout={(int)limits.Statement.TotalMilliseconds}",
            ApplicationName = "symphony",
            SslMode = SslMode.Prefer,
            Pooling = pooling,
            IncludeErrorDetail = false,
        }.ConnectionString;

    /// <summary>The reason a DBA acts on, from what Npgsql and the server said.</summary>
    private static DatabaseConnectionException? Classify(Exception e, ConnectionLimits limits)
    {
        var (reason, message) = e switch
        {
            PostgresException { SqlState: "28P01" or "28000" } p => (ConnectionFailureReasons.AuthenticationFailed, p.MessageText),
            PostgresException { SqlState: "3D000" } p => (ConnectionFailureReasons.DatabaseNotFound, p.MessageText),
            PostgresException { SqlState: "42501" } p => (ConnectionFailureReasons.PermissionDenied, p.MessageText),
            PostgresException { SqlState: "57014" } => (ConnectionFailureReasons.Timeout, $"a statement took longer than {limits.Statement.TotalSeconds:0} s"),
            PostgresException p => (ConnectionFailureReasons.Protocol, $"{p.SqlState}: {p.MessageText}"),
            OperationCanceledException or TimeoutException => (ConnectionFailureReasons.Timeout, $"no connection within {limits.Connect.TotalSeconds:0} s"),
            NpgsqlException { InnerException: TimeoutException } => (ConnectionFailureReasons.Timeout, $"no connection within {limits.Connect.TotalSeconds:0} s"),
            NpgsqlException { InnerException: SocketException s } => (ConnectionFailureReasons.Unreachable, s.Message),
            NpgsqlException { InnerException: AuthenticationException a } => (ConnectionFailureReasons.Tls, a.Message),
            SocketException s => (ConnectionFailureReasons.Unreachable, s.Message),
            NpgsqlException n => (ConnectionFailureReasons.Protocol, n.Message),
            _ => (null, null),
        };
        return reason is null ? null : new DatabaseConnectionException(reason, message!, e);
    }
}
