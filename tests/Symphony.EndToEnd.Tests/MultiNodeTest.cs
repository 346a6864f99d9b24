using Npgsql;
using Symphony.Infrastructure.Persistence;
using Symphony.Testing;

namespace Symphony.EndToEnd.Tests;

/// <summary>
/// A test of real server processes (<see cref="Node"/>) on a migrated PostgreSQL database of its own, dropped at its end.
/// Each class of these runs beside the others: its nodes, ports, folders and database are its own.
/// </summary>
public abstract class MultiNodeTest : IAsyncLifetime
{
    private TestDatabase _store = null!;

    protected List<Node> Nodes { get; } = [];
    protected string Database => _store.ConnectionString;

    public async Task InitializeAsync() => _store = await TestDatabase.CreateMigratedAsync(DatabaseProvider.PostgreSql);

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes) node.Dispose();
        await _store.DisposeAsync();
    }

    /// <summary>
    /// Two nodes on the shared database. A live worker's lease must outlast any stall of a saturated machine,
    /// or its item is taken over and run again (at least once): the production lease, unless a test wants a
    /// dead node noticed quickly.
    /// </summary>
    protected Task StartNodesAsync(TimeSpan lease, params (string Name, string Value)[] settings) => StartNodesOnAsync(Database, lease, settings);

    protected async Task StartNodesOnAsync(string database, TimeSpan lease, params (string Name, string Value)[] settings)
    {
        // One after the other: the first creates the admin of an empty database, which two at once would both try.
        Nodes.Add(await Node.StartAsync(database, lease, settings));
        Nodes.Add(await Node.StartAsync(database, lease, settings));
    }

    /// <summary>Waits until <paramref name="node"/> holds an item of the run.</summary>
    protected static async Task WaitForItemsOfAsync(NpgsqlConnection connection, Guid runId, Node node)
    {
        // Generous: on two cores busy with the rest of the suite, a node just started has been seen to take its
        // first item after more than 20 s; what is measured is after this wait, not this wait.
        await WaitUntilAsync(async () => await NodeRuns.ScalarAsync(connection,
                "SELECT COUNT(*) FROM item_executions WHERE run_id = @run AND status = 'processing' AND lease_owner LIKE '%:' || @pid || ':%'", runId, node.ProcessId) > 0,
            TimeSpan.FromSeconds(60), "the node took an item");
    }

    protected static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not reached in {timeout.TotalSeconds:0} s: {what}");
            await Task.Delay(50);
        }
    }

    protected static async Task<long> CountAsync(NpgsqlConnection connection, string sql, string job)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("job", job);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
