using Npgsql;

namespace Symphony.Testing;

/// <summary>
/// The throwaway PostgreSQL cluster started by ./test.sh. Each fixture gets a database of its own.
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

    public static async Task<string> CreateDatabaseAsync(string prefix = "symphony_test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString);
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        builder.Database = name;
        return builder.ConnectionString;
    }
}
