using System.Net.Sockets;
using System.Security.Authentication;
using Npgsql;
using Symphony.Application.Credentials;
using Symphony.Application.Fleet;
using Symphony.Domain.Fleet;
using static Symphony.Infrastructure.Fleet.GrantMaps;

namespace Symphony.Infrastructure.Fleet;

/// <summary>
/// PostgreSQL targets over Npgsql. Connections to targets are unpooled here (a test must really connect), name
/// themselves "symphony" to the server, use TLS as the instance's tls_mode says (verify_ca and verify_full against
/// the node's CA bundle, else the machine's authorities), and carry a statement timeout. A server that asks for the
/// password in clear text (servers authenticating with LDAP, PAM or RADIUS do) gets it only when its certificate was
/// verified or the target is allowed it (<see cref="TargetTls"/>): anyone who can point an instance at a server of
/// theirs would otherwise receive the secret itself.
/// </summary>
public sealed class PostgresDriver(TargetTls tls) : IDatabaseDriver
{
    private const string WithoutCleartext = "ScramSHA256,MD5,GSS,SSPI,None";

    public string DbType => DbTypes.PostgreSql;

    public Task<ServerFacts> ProbeAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct) =>
        OnTargetAsync(target, credential, limits, connection => FactsAsync(connection, ct), ct);

    /// <summary>
    /// Roles, memberships and database privileges from the maintenance database (two round trips), then schema,
    /// table and sequence (counted per schema) and default privileges from each database that accepts
    /// connections (one round trip each). A database the collector may not connect to is listed as skipped.
    /// </summary>
    public async Task<CollectedAccounts> CollectAccountsAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct)
    {
        return await OnTargetAsync(target, credential, limits, async main =>
        {
            var server = await FactsAsync(main, ct);
            var roles = new Dictionary<uint, string>();
            var attributes = new Dictionary<string, RoleAttributes>(StringComparer.Ordinal);
            var memberships = new Dictionary<string, List<Membership>>(StringComparer.Ordinal);
            var databaseGrants = new Dictionary<string, List<Grant>>(StringComparer.Ordinal);
            var connectable = new List<string>();
            var publicOnDatabases = new List<ObjectGrant>();
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            var inherit = server.MajorVersion >= 16 ? "m.inherit_option" : "member.rolinherit";
            await using (var batch = new NpgsqlBatch(main))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                    SELECT oid, rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls,
                           rolconnlimit, rolvaliduntil
                    FROM pg_roles
                    """));
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
                    SELECT member.rolname, parent.rolname, m.admin_option, {inherit}
                    FROM pg_auth_members m JOIN pg_roles member ON member.oid = m.member JOIN pg_roles parent ON parent.oid = m.roleid
                    """));
                batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                    SELECT d.datname, d.datallowconn, a.grantee, a.privilege_type, a.is_grantable, d.datdba
                    FROM pg_database d CROSS JOIN LATERAL aclexplode(COALESCE(d.datacl, acldefault('d', d.datdba))) a
                    WHERE NOT d.datistemplate
                    """));
                await using var reader = await batch.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var name = reader.GetString(1);
                    roles[reader.GetFieldValue<uint>(0)] = name;
                    if (name.StartsWith("pg_", StringComparison.Ordinal)) continue;
                    attributes[name] = new RoleAttributes(reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4), reader.GetBoolean(5),
                        reader.GetBoolean(6), reader.GetBoolean(7), reader.GetBoolean(8), reader.GetInt32(9),
                        reader.IsDBNull(10) ? null : ToUtc(reader.GetFieldValue<DateTime>(10)));
                }
                await reader.NextResultAsync(ct);
                while (await reader.ReadAsync(ct))
                    Add(memberships, reader.GetString(0), new Membership(reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3)));
                await reader.NextResultAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var database = reader.GetString(0);
                    if (reader.GetBoolean(1) && !connectable.Contains(database)) connectable.Add(database);
                    owners[database] = roles.GetValueOrDefault(reader.GetFieldValue<uint>(5)) ?? "";
                    if (roles.GetValueOrDefault(reader.GetFieldValue<uint>(2)) is { } grantee)
                        Add(databaseGrants, grantee, new Grant(database, reader.GetString(3), reader.GetBoolean(4)));
                    else if (reader.GetFieldValue<uint>(2) == 0)
                        publicOnDatabases.Add(new ObjectGrant(database, ObjectKinds.Database, reader.GetString(3), reader.GetBoolean(4), ""));
                }
            }

            var schemaGrants = new Dictionary<string, List<Grant>>(StringComparer.Ordinal);
            var objectGrants = new Dictionary<string, List<ObjectGrantSummary>>(StringComparer.Ordinal);
            var objects = new Dictionary<string, List<ObjectGrant>>(StringComparer.Ordinal) { [EffectivePrivileges.Public] = publicOnDatabases };
            var defaultGrants = new Dictionary<string, List<DefaultGrant>>(StringComparer.Ordinal);
            var skipped = new List<string>();
            foreach (var database in connectable)
            {
                try
                {
                    await using var connection = database == main.Database ? null : await OpenAsync(target with { DatabaseName = database }, credential, limits, ct);
                    await ReadDatabaseAsync(connection ?? main, database, owners[database], roles, schemaGrants, objectGrants, objects, defaultGrants, ct);
                }
                catch (PostgresException e) when (e.SqlState is "42501" or "3D000" or "28000")
                {
                    skipped.Add(database); // no CONNECT for the collector, or the database went away meanwhile
                }
            }

            var accounts = attributes.Select(a => new AccountSnapshot(a.Key, a.Value,
                    Sorted(memberships.GetValueOrDefault(a.Key), m => m.Role),
                    Sorted(databaseGrants.GetValueOrDefault(a.Key), g => $"{g.Object}:{g.Privilege}"),
                    Sorted(schemaGrants.GetValueOrDefault(a.Key), g => $"{g.Object}:{g.Privilege}"),
                    Sorted(objectGrants.GetValueOrDefault(a.Key), o => $"{o.Schema}:{o.Kind}:{o.Privilege}"),
                    Sorted(defaultGrants.GetValueOrDefault(a.Key), d => $"{d.Schema}:{d.ObjectType}:{d.Privilege}:{d.Grantor}"),
                    ObjectGrants: SortedObjects(objects.GetValueOrDefault(a.Key))))
                .OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
            return new CollectedAccounts(server, accounts,
                memberships.ToDictionary(m => m.Key, m => (IReadOnlyList<Membership>)m.Value, StringComparer.Ordinal), skipped)
            {
                PublicGrants = SortedObjects(objects.GetValueOrDefault(EffectivePrivileges.Public)),
                RoleList = roles.Values.ToHashSet(StringComparer.Ordinal),
            };
        }, ct);
    }

    /// <summary>
    /// One query on one connection: every database but the templates with <c>pg_database_size</c>, which PostgreSQL
    /// allows with CONNECT on the database or membership in pg_read_all_stats; others are listed unmeasured.
    /// </summary>
    public async Task<CollectedCapacity> CollectCapacityAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct)
    {
        return await OnTargetAsync(target, credential, limits, async connection =>
        {
            var server = await FactsAsync(connection, ct);
            await using var command = new NpgsqlCommand("""
                SELECT d.datname,
                       CASE WHEN has_database_privilege(d.oid, 'CONNECT') OR pg_has_role('pg_read_all_stats', 'MEMBER')
                            THEN pg_database_size(d.oid) END
                FROM pg_database d
                WHERE NOT d.datistemplate
                ORDER BY d.datname
                """, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var databases = new List<DatabaseSize>();
            while (await reader.ReadAsync(ct))
                databases.Add(new DatabaseSize(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1)));
            return new CollectedCapacity(server, databases);
        }, ct);
    }

    /// <summary>
    /// Tables, partitioned tables and materialized views outside the system schemas, largest first. The size
    /// functions need no privilege on the tables, only a connection to the database.
    /// </summary>
    public async Task<CollectedTables> CollectTableSizesAsync(
        ConnectionTarget target, UsableCredential credential, int limit, ConnectionLimits limits, CancellationToken ct)
    {
        return await OnTargetAsync(target, credential, limits, async connection =>
        {
            await using var command = new NpgsqlCommand("""
                WITH sized AS (
                    SELECT n.nspname, c.relname, c.relkind,
                           CASE WHEN c.relkind = 'p'
                                THEN (SELECT COALESCE(sum(pg_total_relation_size(p.relid)), 0)::bigint
                                      FROM pg_partition_tree(c.oid) p WHERE p.isleaf)
                                ELSE pg_total_relation_size(c.oid) END AS total,
                           pg_relation_size(c.oid) AS heap,
                           pg_indexes_size(c.oid) AS indexes,
                           CASE WHEN c.reltoastrelid = 0 THEN 0 ELSE pg_total_relation_size(c.reltoastrelid) END AS toast,
                           CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END AS row_estimate
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition
                      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
                )
                SELECT *, count(*) OVER () FROM sized ORDER BY total DESC, nspname, relname LIMIT $1
                """, connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
            await using var reader = await command.ExecuteReaderAsync(ct);
            var tables = new List<TableSize>();
            var total = 0;
            while (await reader.ReadAsync(ct))
            {
                var kind = reader.GetChar(2) switch { 'p' => "partitioned_table", 'm' => "materialized_view", _ => "table" };
                tables.Add(new TableSize(reader.GetString(0), reader.GetString(1), kind, reader.GetInt64(3), reader.GetInt64(4),
                    reader.GetInt64(5), reader.GetInt64(6), reader.IsDBNull(7) ? null : reader.GetInt64(7)));
                total = (int)reader.GetInt64(8);
            }
            return new CollectedTables(tables, total);
        }, ct);
    }

    private static async Task ReadDatabaseAsync(
        NpgsqlConnection connection, string database, string owner, Dictionary<uint, string> roles, Dictionary<string, List<Grant>> schemaGrants,
        Dictionary<string, List<ObjectGrantSummary>> objectGrants, Dictionary<string, List<ObjectGrant>> objects,
        Dictionary<string, List<DefaultGrant>> defaultGrants, CancellationToken ct)
    {
        const string userSchemas = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'";
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT n.nspname, a.grantee, a.privilege_type, a.is_grantable
            FROM pg_namespace n CROSS JOIN LATERAL aclexplode(COALESCE(n.nspacl, acldefault('n', n.nspowner))) a
            WHERE {userSchemas}
            """));
        // Each object's privileges, then its columns' and routines': the owner's own privileges are in the default ACL.
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT n.nspname, c.relname, c.relkind::text, a.grantee, a.privilege_type, a.is_grantable, a.grantor
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            CROSS JOIN LATERAL aclexplode(COALESCE(c.relacl, acldefault((CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::"char", c.relowner))) a
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND {userSchemas}
            """));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT n.nspname, c.relname || '.' || att.attname, 'column', a.grantee, a.privilege_type, a.is_grantable, a.grantor
            FROM pg_attribute att JOIN pg_class c ON c.oid = att.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            CROSS JOIN LATERAL aclexplode(att.attacl) a
            WHERE att.attacl IS NOT NULL AND att.attnum > 0 AND NOT att.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND {userSchemas}
            """));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT n.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
                   a.grantee, a.privilege_type, a.is_grantable, a.grantor
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            CROSS JOIN LATERAL aclexplode(COALESCE(p.proacl, acldefault('f', p.proowner))) a
            WHERE {userSchemas}
            """));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT COALESCE(n.nspname, '*'), d.defaclobjtype::text, a.grantee, a.privilege_type, pg_get_userbyid(d.defaclrole)
            FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace CROSS JOIN LATERAL aclexplode(d.defaclacl) a
            """));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            // pg_database_owner (the owner of schema public since PostgreSQL 14) is whoever owns the database.
            if (roles.GetValueOrDefault(reader.GetFieldValue<uint>(1)) is { } grantee)
                Add(schemaGrants, grantee == "pg_database_owner" ? owner : grantee, new Grant($"{database}.{reader.GetString(0)}", reader.GetString(2), reader.GetBoolean(3)));
            else if (reader.GetFieldValue<uint>(1) == 0)
                Add(objects, EffectivePrivileges.Public, new ObjectGrant($"{database}.{reader.GetString(0)}", ObjectKinds.Schema, reader.GetString(2), reader.GetBoolean(3), ""));
        }
        // The counts kept before each object was (and still shown): privileges on tables and sequences per schema.
        var counts = new Dictionary<(string Grantee, string Schema, string Kind, string Privilege), int>();
        for (var result = 0; result < 3; result++)
        {
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var grantee = reader.GetFieldValue<uint>(3);
                var name = grantee == 0 ? EffectivePrivileges.Public : roles.GetValueOrDefault(grantee);
                if (name is null) continue;
                var (schema, privilege, relkind) = ($"{database}.{reader.GetString(0)}", reader.GetString(4), reader.GetString(2));
                var kind = relkind switch
                {
                    "r" or "p" => ObjectKinds.Table,
                    "v" => ObjectKinds.View,
                    "m" => ObjectKinds.MaterializedView,
                    "f" => ObjectKinds.ForeignTable,
                    "S" => ObjectKinds.Sequence,
                    var other => other,
                };
                Add(objects, name, new ObjectGrant($"{schema}.{reader.GetString(1)}", kind, privilege, reader.GetBoolean(5),
                    roles.GetValueOrDefault(reader.GetFieldValue<uint>(6)) ?? ""));
                if (result == 0 && grantee != 0)
                {
                    var key = (name, schema, kind == ObjectKinds.Sequence ? "sequences" : "tables", privilege);
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }
        }
        foreach (var ((grantee, schema, kind, privilege), count) in counts)
            Add(objectGrants, grantee, new ObjectGrantSummary(schema, kind, privilege, count));
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (roles.GetValueOrDefault(reader.GetFieldValue<uint>(2)) is { } grantee)
            {
                var objectType = reader.GetString(1) switch { "r" => "tables", "S" => "sequences", "f" => "functions", "T" => "types", "n" => "schemas", var t => t };
                Add(defaultGrants, grantee, new DefaultGrant($"{database}.{reader.GetString(0)}", objectType, reader.GetString(3), reader.GetString(4)));
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a connection to the target; any failure on the way is classified into a
    /// <see cref="DatabaseConnectionException"/> (unless the caller cancelled).
    /// </summary>
    private async Task<T> OnTargetAsync<T>(
        ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, Func<NpgsqlConnection, Task<T>> work, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(target, credential, limits, ct);
            return await work(connection);
        }
        catch (Exception e) when (Classify(e, limits) is { } failure && !ct.IsCancellationRequested)
        {
            throw failure;
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(ConnectionString(target, credential, limits));
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connectTimeout.CancelAfter(limits.Connect);
            await connection.OpenAsync(connectTimeout.Token);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<ServerFacts> FactsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT version(), current_setting('server_version_num')::int", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new ServerFacts(reader.GetString(0), reader.GetInt32(1) / 10_000);
    }

    private static DateTime ToUtc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);

    /// <summary>Unpooled: a test must really connect, and a sync opens each database once.</summary>
    private string ConnectionString(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits)
    {
        // Npgsql refuses a connection in these modes unless the certificate chains to the bundle (else the machine's store).
        var verified = target.Tls is TlsMode.VerifyCa or TlsMode.VerifyFull;
        return new NpgsqlConnectionStringBuilder
        {
            RequireAuth = tls.MayReceivePassword(target, verified) ? null : WithoutCleartext,
            // Kerberos is not configured for targets; preferring GSS encryption would only cost a round trip.
            GssEncryptionMode = GssEncryptionMode.Disable,
            Host = target.Host,
            Port = target.Port,
            Database = target.DatabaseName ?? "postgres",
            Username = credential.Username,
            Password = credential.Secret,
            Timeout = Math.Max(1, (int)Math.Ceiling(limits.Connect.TotalSeconds)),
            CommandTimeout = Math.Max(1, (int)Math.Ceiling(limits.Statement.TotalSeconds)),
            Options = $"-c statement_timeout={(int)limits.Statement.TotalMilliseconds}",
            ApplicationName = "symphony",
            SslMode = target.Tls switch
            {
                TlsMode.Require => SslMode.Require,
                TlsMode.VerifyCa => SslMode.VerifyCA,
                TlsMode.VerifyFull => SslMode.VerifyFull,
                TlsMode.Disable => SslMode.Disable,
                _ => SslMode.Prefer,
            },
            RootCertificate = verified ? tls.CaBundle : null,
            Pooling = false,
            IncludeErrorDetail = false,
        }.ConnectionString;
    }

    /// <summary>
    /// The reason of a failure, as the engine's retries need it: a server shutting down, starting up, out of
    /// connection slots or dropping the connection (SQLSTATE 57P01, 57P02, 57P03, 53300, class 08) is
    /// <c>unreachable</c> and retried like a network error; a refusal that a retry cannot change fails at once.
    /// These are the reasons a DBA acts on, from what Npgsql and the server said.
    /// </summary>
    internal static DatabaseConnectionException? Classify(Exception e, ConnectionLimits limits)
    {
        var (reason, message) = e switch
        {
            PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" } p => (ConnectionFailureReasons.Unreachable, $"{p.SqlState}: {p.MessageText}"),
            PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal) => (ConnectionFailureReasons.Unreachable, $"{p.SqlState}: {p.MessageText}"),
            PostgresException { SqlState: "28P01" or "28000" } p => (ConnectionFailureReasons.AuthenticationFailed, p.MessageText),
            PostgresException { SqlState: "3D000" } p => (ConnectionFailureReasons.DatabaseNotFound, p.MessageText),
            PostgresException { SqlState: "42501" } p => (ConnectionFailureReasons.PermissionDenied, p.MessageText),
            PostgresException { SqlState: "57014" } => (ConnectionFailureReasons.Timeout, $"a statement took longer than {limits.Statement.TotalSeconds:0} s"),
            PostgresException p => (ConnectionFailureReasons.Protocol, $"{p.SqlState}: {p.MessageText}"),
            OperationCanceledException or TimeoutException => (ConnectionFailureReasons.Timeout, $"no connection within {limits.Connect.TotalSeconds:0} s"),
            NpgsqlException { InnerException: TimeoutException } => (ConnectionFailureReasons.Timeout, $"no connection within {limits.Connect.TotalSeconds:0} s"),
            NpgsqlException { InnerException: SocketException s } => (ConnectionFailureReasons.Unreachable, s.Message),
            NpgsqlException { InnerException: AuthenticationException a } => (ConnectionFailureReasons.Tls, a.Message),
            NpgsqlException n when n.Message.StartsWith("\"Password\" authentication method is not allowed", StringComparison.Ordinal) =>
                (ConnectionFailureReasons.AuthenticationFailed, TargetTls.CleartextRefusal("password authentication in clear text")),
            // Npgsql's words when the server answers an SSL request with "no" (its only sign of it).
            NpgsqlException n when n.Message.StartsWith("SSL connection requested", StringComparison.Ordinal) =>
                (ConnectionFailureReasons.Tls, "the server does not offer TLS, which the instance's tls_mode requires"),
            SocketException s => (ConnectionFailureReasons.Unreachable, s.Message),
            NpgsqlException n => (ConnectionFailureReasons.Protocol, n.Message),
            _ => (null, null),
        };
        return reason is null ? null : new DatabaseConnectionException(reason, message!, e);
    }
}
