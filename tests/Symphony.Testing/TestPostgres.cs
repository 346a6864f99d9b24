using Npgsql;

namespace Symphony.Testing;

/// <summary>
/// The throwaway PostgreSQL cluster started by ./test.sh. Each fixture gets a database of its own, dropped when it ends.
/// Tests never fall back to something else: without the cluster they fail and say how to get one.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "SYMPHONY_TEST_POSTGRES";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the suite with ./test.sh, which starts a throwaway PostgreSQL cluster, " +
                $"or point {Variable} at a server where the user may CREATE DATABASE.");

    /// <summary>
    /// A new database; a copy of <paramref name="template"/> when given. No one but its owner may connect to it: the
    /// collector roles of the tests that read the cluster as a target skip it rather than read every fixture's store.
    /// </summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "symphony_test", string? template = null)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];
        await ExecuteAsync($"CREATE DATABASE \"{name}\"{(template is null ? "" : $" TEMPLATE \"{template}\"")}");
        await ExecuteAsync($"REVOKE CONNECT ON DATABASE \"{name}\" FROM PUBLIC");
        return ConnectionStringOf(name);
    }

    public static string ConnectionStringOf(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database }.ConnectionString;

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, ending the connections still open to it.</summary>
    public static Task DropDatabaseAsync(string connectionString) =>
        ExecuteAsync($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH (FORCE)");

    /// <summary>Runs SQL on the cluster, in the given database (the maintenance one by default).</summary>
    public static async Task ExecuteAsync(string sql, string? database = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString);
        if (database is not null) builder.Database = database;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A login role that must sign in with its password: members of symphony_password_auth are the cluster's only
    /// roles not trusted (scripts/throwaway-postgres.sh), so a wrong password is a real authentication failure.
    /// </summary>
    public static Task CreatePasswordRoleAsync(string role, string password) => ExecuteAsync($"""
        DO $$ BEGIN CREATE ROLE symphony_password_auth NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
        CREATE ROLE {role} LOGIN PASSWORD '{password}' IN ROLE symphony_password_auth;
        """);
}
