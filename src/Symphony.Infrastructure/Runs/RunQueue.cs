using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Automations;
using Symphony.Application.Runs;

namespace Symphony.Infrastructure.Runs;

/// <summary>
/// The durable queue: item executions are the queue rows. Claims lease rows (<see cref="ItemClaims"/>), workers
/// report on the rows they hold (<see cref="ItemOutcomes"/>), and the rest keeps the queue moving
/// (<see cref="QueueMaintenance"/>). Every status change is conditional on the status expected, takes its status
/// sets from the domain (<see cref="QueueMoves"/>) and writes its history row in the same transaction; the
/// PostgreSQL and SQLite differences are in one <see cref="QueueDialect"/>. See docs/adr/0005-durable-queue.md.
/// </summary>
public sealed class RunQueue : IRunQueue
{
    private readonly ItemClaims _claims;
    private readonly ItemOutcomes _outcomes;
    private readonly QueueMaintenance _maintenance;

    public RunQueue(IServiceScopeFactory scopes, TimeProvider clock, bool isSingleNode = false)
    {
        var store = new QueueStore(scopes, clock);
        _claims = new ItemClaims(store);
        _maintenance = new QueueMaintenance(store);
        _outcomes = new ItemOutcomes(store, _maintenance);
        IsSingleNode = isSingleNode;
    }

    /// <summary>On SQLite only one node runs: every lease it finds at start is its own previous run's.</summary>
    public bool IsSingleNode { get; }

    public Task<IReadOnlyList<ClaimedItem>> ClaimAsync(string worker, int limit, TimeSpan lease, CancellationToken ct) =>
        _claims.ClaimAsync(worker, limit, lease, ct);

    public Task<DateTime?> NextDueAsync(CancellationToken ct) => _claims.NextDueAsync(ct);

    public Task<(long Due, DateTime? OldestDue)> DueNowAsync(CancellationToken ct) => _claims.DueNowAsync(ct);

    public async Task<bool> FinishAsync(ClaimedItem item, ItemOutcome outcome, string worker, long durationMs, CancellationToken ct) =>
        (await _outcomes.FinishManyAsync([new FinishedItem(item, outcome, durationMs)], worker, ct)).Contains(item.Id);

    public Task<IReadOnlySet<Guid>> FinishManyAsync(IReadOnlyList<FinishedItem> finished, string worker, CancellationToken ct) =>
        _outcomes.FinishManyAsync(finished, worker, ct);

    public Task CancelProcessingAsync(ClaimedItem item, string worker, CancellationToken ct) => _outcomes.CancelProcessingAsync(item, worker, ct);

    public Task<int> ExtendLeasesAsync(string worker, IReadOnlyCollection<Guid> itemIds, TimeSpan lease, CancellationToken ct) =>
        _outcomes.ExtendLeasesAsync(worker, itemIds, lease, ct);

    public Task<int> ReleaseAsync(IReadOnlyList<ClaimedItem> items, string worker, string reason, CancellationToken ct) =>
        _outcomes.ReleaseAsync(items, worker, reason, ct);

    public Task<int> ReleaseUnheldAsync(string worker, IReadOnlyCollection<Guid> held, string reason, CancellationToken ct) =>
        _outcomes.ReleaseUnheldAsync(worker, held, reason, ct);

    public Task<IReadOnlyList<string>> LeaseOwnersAsync(CancellationToken ct) => _maintenance.LeaseOwnersAsync(ct);

    public Task<int> ReapExpiredLeasesAsync(CancellationToken ct) => _maintenance.ReapExpiredLeasesAsync(ct);

    public Task<int> ReapLeasesOfAsync(IReadOnlyCollection<string> owners, CancellationToken ct) => _maintenance.ReapLeasesOfAsync(owners, ct);

    public Task<IReadOnlySet<Guid>> StoppedRunsAsync(IReadOnlyCollection<Guid> runIds, CancellationToken ct) => _maintenance.StoppedRunsAsync(runIds, ct);

    public Task<int> CancelQueuedAsync(Guid runId, string reason, CancellationToken ct) => _maintenance.CancelQueuedAsync(runId, reason, ct);

    public Task<int> RequeueFailedAsync(Guid runId, CancellationToken ct) => _maintenance.RequeueFailedAsync(runId, ct);
}
