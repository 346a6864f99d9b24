using Symphony.Application.Credentials;
using Symphony.Application.Fleet;
using Symphony.Infrastructure.Fleet;

namespace Symphony.Infrastructure.Tests;

/// <summary>The resilience around target calls, with a scripted driver in place of a server.</summary>
public sealed class ResilientDriverTests
{
    private static readonly UsableCredential Credential = new("collector", "secret");
    private static readonly TargetOptions Options = new()
    {
        MaxConcurrentTargets = 16, MaxConnectionsPerTarget = 2, Retries = 2, RetryDelay = TimeSpan.FromMilliseconds(1),
        FailuresToBreak = 3, BreakDuration = TimeSpan.FromMinutes(1),
    };

    private static ConnectionTarget At(string host) => new("postgresql", host, 5432, null);

    /// <summary>Fails with the given reason for the hosts named, answers for the others; counts calls and concurrency.</summary>
    private sealed class ScriptedDriver(Dictionary<string, string> failures, TimeSpan delay = default) : IDatabaseDriver
    {
        private int _running;
        public Dictionary<string, int> Calls { get; } = [];
        public int MostAtOnce { get; private set; }

        public string DbType => "postgresql";

        public Task<ServerFacts> ProbeAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct) =>
            throw new NotSupportedException();

        public Task<CollectedAccounts> CollectAccountsAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct) =>
            AnswerAsync(target, new CollectedAccounts(Server, [], new Dictionary<string, IReadOnlyList<Membership>>(), []), ct);

        public Task<CollectedCapacity> CollectCapacityAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct) =>
            AnswerAsync(target, new CollectedCapacity(Server, [new DatabaseSize("app", 1024)]), ct);

        public Task<CollectedTables> CollectTableSizesAsync(
            ConnectionTarget target, UsableCredential credential, int limit, ConnectionLimits limits, CancellationToken ct) =>
            AnswerAsync(target, new CollectedTables([], 0), ct);

        private static readonly ServerFacts Server = new("PostgreSQL 15", 15);

        private async Task<T> AnswerAsync<T>(ConnectionTarget target, T answer, CancellationToken ct)
        {
            lock (Calls) Calls[target.Host] = Calls.GetValueOrDefault(target.Host) + 1;
            var now = Interlocked.Increment(ref _running);
            lock (Calls) MostAtOnce = Math.Max(MostAtOnce, now);
            try
            {
                await Task.Delay(delay, ct);
                if (failures.TryGetValue(target.Host, out var reason)) throw new DatabaseConnectionException(reason, "scripted");
                return answer;
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }

    [Fact]
    public async Task A_target_whose_circuit_opened_in_an_accounts_sync_is_left_alone_by_capacity_syncs_too()
    {
        var inner = new ScriptedDriver(new() { ["down"] = ConnectionFailureReasons.Unreachable });
        using var driver = new ResilientDriver(inner, Options);

        await Assert.ThrowsAsync<DatabaseConnectionException>(() => driver.CollectAccountsAsync(At("down"), Credential, ConnectionLimits.Default, default));
        var capacity = await Assert.ThrowsAsync<DatabaseConnectionException>(() => driver.CollectCapacityAsync(At("down"), Credential, ConnectionLimits.Default, default));

        Assert.Equal(ConnectionFailureReasons.CircuitOpen, capacity.Reason);
        // "Circuit open" names the failure it was opened for.
        Assert.Contains("(the last: unreachable:", capacity.Message, StringComparison.Ordinal);
        Assert.Equal(3, inner.Calls["down"]);
        var served = await driver.CollectCapacityAsync(At("up"), Credential, ConnectionLimits.Default, default);
        Assert.Equal("app", Assert.Single(served.Databases).Name);
    }

    [Fact]
    public async Task The_drivers_of_two_engines_share_the_nodes_bound_on_targets_at_once()
    {
        var options = new TargetOptions { MaxConcurrentTargets = 2, MaxConnectionsPerTarget = 2, Retries = 0, FailuresToBreak = 3 };
        using var nodeTargets = new SemaphoreSlim(options.MaxConcurrentTargets);
        var postgres = new ScriptedDriver([], TimeSpan.FromMilliseconds(100));
        var mySql = new ScriptedDriver([], TimeSpan.FromMilliseconds(100));
        using var first = new ResilientDriver(postgres, options, nodeTargets);
        using var second = new ResilientDriver(mySql, options, nodeTargets);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var calls = Enumerable.Range(0, 4).SelectMany(i => new[]
        {
            first.CollectCapacityAsync(At($"pg{i}"), Credential, ConnectionLimits.Default, default),
            second.CollectCapacityAsync(At($"my{i}"), Credential, ConnectionLimits.Default, default),
        }).ToList();
        // While calls are in flight the node's two places are taken, whichever engines hold them.
        await Task.Delay(50);
        Assert.Equal(0, nodeTargets.CurrentCount);
        await Task.WhenAll(calls);
        Assert.Equal(2, nodeTargets.CurrentCount);
        // Eight calls of 100 ms, two at a time over both engines: four rounds (with a bound per engine, two).
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(380), $"took {started.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task An_unreachable_target_is_retried_then_left_alone_while_the_others_are_served()
    {
        var inner = new ScriptedDriver(new() { ["down"] = ConnectionFailureReasons.Unreachable });
        using var driver = new ResilientDriver(inner, Options);

        var first = await Assert.ThrowsAsync<DatabaseConnectionException>(() => driver.CollectAccountsAsync(At("down"), Credential, ConnectionLimits.Default, default));
        Assert.Equal(3, inner.Calls["down"]);
        Assert.Equal(ConnectionFailureReasons.Unreachable, first.Reason);

        var again = await Assert.ThrowsAsync<DatabaseConnectionException>(() => driver.CollectAccountsAsync(At("down"), Credential, ConnectionLimits.Default, default));
        Assert.Equal(ConnectionFailureReasons.CircuitOpen, again.Reason);
        Assert.Equal(3, inner.Calls["down"]);

        await driver.CollectAccountsAsync(At("up"), Credential, ConnectionLimits.Default, default);
        Assert.Equal(1, inner.Calls["up"]);
    }

    [Fact]
    public async Task A_refused_credential_is_neither_retried_nor_counted_towards_breaking()
    {
        var inner = new ScriptedDriver(new() { ["strict"] = ConnectionFailureReasons.AuthenticationFailed });
        using var driver = new ResilientDriver(inner, Options);
        for (var i = 0; i < 5; i++)
        {
            var refused = await Assert.ThrowsAsync<DatabaseConnectionException>(() => driver.CollectAccountsAsync(At("strict"), Credential, ConnectionLimits.Default, default));
            Assert.Equal(ConnectionFailureReasons.AuthenticationFailed, refused.Reason);
        }
        Assert.Equal(5, inner.Calls["strict"]);
    }

    [Fact]
    public async Task No_more_than_the_allowed_connections_reach_one_target_at_once()
    {
        var inner = new ScriptedDriver([], TimeSpan.FromMilliseconds(50));
        using var driver = new ResilientDriver(inner, Options);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => driver.CollectAccountsAsync(At("busy"), Credential, ConnectionLimits.Default, default)));
        Assert.Equal(8, inner.Calls["busy"]);
        Assert.Equal(2, inner.MostAtOnce);
    }
}
