using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Symphony.Application.Common;
using Symphony.Application.Credentials;
using Symphony.Application.Fleet;

namespace Symphony.Infrastructure.Fleet;

/// <summary>
/// A driver wrapped in this node's resilience: a bound on targets at once and on connections per target for every
/// call; for collections, retries of transient failures and a circuit breaker per target (host and port), so a
/// server that keeps failing is left alone for a while and never slows the rest of the fleet. Connection tests get
/// the bounds only: a user testing a connection wants to know about the server now. The drivers of every engine
/// share <paramref name="nodeTargets"/>, the bound on targets at once, which is the node's, not an engine's.
/// </summary>
public sealed class ResilientDriver(IDatabaseDriver inner, TargetOptions options, SemaphoreSlim? nodeTargets = null) : IDatabaseDriver, IDisposable
{
    /// <summary>Every target of this process with its database type, for the gauge of open circuits.</summary>
    private static readonly ConcurrentDictionary<Target, string> Targets = new();

    static ResilientDriver() =>
        Telemetry.Meter.CreateObservableGauge("symphony.target.circuits_open",
            () => Targets.GroupBy(t => t.Value).Select(g => new Measurement<int>(g.Count(t => t.Key.IsOpen), new KeyValuePair<string, object?>("db.system.name", g.Key))),
            "{target}", "Targets whose circuit breaker is open (or half open): left alone for a while after failing.");

    private readonly SemaphoreSlim _targets = nodeTargets ?? new(options.MaxConcurrentTargets);
    private readonly ConcurrentDictionary<string, Target> _byTarget = new(StringComparer.OrdinalIgnoreCase);

    public string DbType => inner.DbType;

    public void Dispose()
    {
        if (nodeTargets is null) _targets.Dispose();
        foreach (var target in _byTarget.Values)
        {
            Targets.TryRemove(target, out _);
            target.Connections.Dispose();
        }
    }

    public Task<ServerFacts> ProbeAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct) =>
        BoundedAsync(target, token => inner.ProbeAsync(target, credential, limits, token), resilient: false, ct);

    public Task<CollectedAccounts> CollectAccountsAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct) =>
        BoundedAsync(target, token => inner.CollectAccountsAsync(target, credential, limits, token), resilient: true, ct);

    public Task<CollectedCapacity> CollectCapacityAsync(ConnectionTarget target, UsableCredential credential, ConnectionLimits limits, CancellationToken ct) =>
        BoundedAsync(target, token => inner.CollectCapacityAsync(target, credential, limits, token), resilient: true, ct);

    /// <summary>Asked for by a user waiting on the answer: bounded, not retried.</summary>
    public Task<CollectedTables> CollectTableSizesAsync(
        ConnectionTarget target, UsableCredential credential, int limit, ConnectionLimits limits, CancellationToken ct) =>
        BoundedAsync(target, token => inner.CollectTableSizesAsync(target, credential, limit, limits, token), resilient: false, ct);

    private async Task<T> BoundedAsync<T>(ConnectionTarget target, Func<CancellationToken, Task<T>> call, bool resilient, CancellationToken ct,
        [System.Runtime.CompilerServices.CallerMemberName] string operation = "")
    {
        var state = _byTarget.GetOrAdd($"{target.Host}:{target.Port}", _ => new Target(options));
        Targets.TryAdd(state, DbType);
        using var span = Telemetry.Source.StartActivity($"target {operation.Replace("Async", "", StringComparison.Ordinal)}", ActivityKind.Client);
        span?.SetTag("db.system.name", target.DbType);
        span?.SetTag("server.address", target.Host);
        span?.SetTag("server.port", target.Port);
        try
        {
            return await BoundedAsync(state, call, resilient, target, ct);
        }
        catch (DatabaseConnectionException e)
        {
            Telemetry.TargetFailures.Add(1, new("db.system.name", target.DbType), new("symphony.reason", e.Reason));
            span?.SetStatus(ActivityStatusCode.Error, e.Reason);
            throw;
        }
    }

    private async Task<T> BoundedAsync<T>(Target state, Func<CancellationToken, Task<T>> call, bool resilient, ConnectionTarget target, CancellationToken ct)
    {
        await _targets.WaitAsync(ct);
        try
        {
            await state.Connections.WaitAsync(ct);
            try
            {
                return resilient ? await state.Pipeline.ExecuteAsync(async token => await call(token), ct) : await call(ct);
            }
            catch (BrokenCircuitException e)
            {
                // The cause the circuit was opened for, so that "circuit open" never hides it.
                var cause = state.LastFailure is { } last ? $" (the last: {last.Reason}: {last.Message})" : "";
                throw new DatabaseConnectionException(ConnectionFailureReasons.CircuitOpen,
                    $"the last {options.FailuresToBreak} calls to {target.Host}:{target.Port} failed{cause}; it is left alone for {options.BreakDuration.TotalSeconds:0} s", e);
            }
            catch (DatabaseConnectionException e)
            {
                state.LastFailure = e;
                throw;
            }
            finally
            {
                state.Connections.Release();
            }
        }
        finally
        {
            _targets.Release();
        }
    }

    private sealed class Target
    {
        private static readonly PredicateBuilder<object> Transient = new PredicateBuilder().Handle<DatabaseConnectionException>(IsTransient);

        private static bool IsTransient(DatabaseConnectionException e) =>
            e.Reason is ConnectionFailureReasons.Unreachable or ConnectionFailureReasons.Timeout;

        private readonly CircuitBreakerStateProvider _circuit = new();

        public Target(TargetOptions options)
        {
            Connections = new(options.MaxConnectionsPerTarget);
            Pipeline = Build(options, _circuit);
        }

        public SemaphoreSlim Connections { get; }

        /// <summary>The target's latest failure: what an open circuit reports as its cause.</summary>
        public DatabaseConnectionException? LastFailure { get; set; }

        // Retry outside, breaker inside: every attempt counts towards breaking, and an open breaker ends the retries.
        public ResiliencePipeline Pipeline { get; }

        public bool IsOpen => _circuit.CircuitState is not CircuitState.Closed;

        private static ResiliencePipeline Build(TargetOptions options, CircuitBreakerStateProvider circuit)
        {
            var builder = new ResiliencePipelineBuilder();
            if (options.Retries > 0)
            {
                builder.AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = Transient,
                    MaxRetryAttempts = options.Retries,
                    Delay = options.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                });
            }
            return builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = Transient,
                FailureRatio = 1.0,
                MinimumThroughput = options.FailuresToBreak,
                SamplingDuration = TimeSpan.FromMinutes(1),
                BreakDuration = options.BreakDuration,
                StateProvider = circuit,
            })
            .Build();
        }
    }
}
