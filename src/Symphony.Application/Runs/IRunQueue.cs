using Symphony.Application.Automations;

namespace Symphony.Application.Runs;

/// <summary>An item claimed by a worker, with what its executor needs.</summary>
public sealed record ClaimedItem(
    Guid Id, Guid RunId, int Attempt, int MaxAttempts, string Payload, string HandlerKind, string HandlerConfig, int RetryDelaySeconds);

/// <summary>One attempt's outcome, ready to be recorded.</summary>
public sealed record FinishedItem(ClaimedItem Item, ItemOutcome Outcome, long DurationMs);

/// <summary>
/// The durable queue in the platform database. Every status change it makes is conditional on the status it
/// expects and writes its history row in the same transaction.
/// </summary>
public interface IRunQueue
{
    /// <summary>Leases up to <paramref name="limit"/> due items of processing runs, within each automation's concurrency.</summary>
    Task<IReadOnlyList<ClaimedItem>> ClaimAsync(string worker, int limit, TimeSpan lease, CancellationToken ct);

    /// <summary>How many items of running runs are due now, and since when the oldest has waited (the queue's depth and lag).</summary>
    Task<(long Due, DateTime? OldestDue)> DueNowAsync(CancellationToken ct);

    /// <summary>When the next item of a running run falls due (a time past when its automation is at its bound); null when none waits.</summary>
    Task<DateTime?> NextDueAsync(CancellationToken ct);

    /// <summary>Records an attempt's outcome; false when the lease was lost (another worker owns the item now).</summary>
    Task<bool> FinishAsync(ClaimedItem item, ItemOutcome outcome, string worker, long durationMs, CancellationToken ct);

    /// <summary>Records many outcomes in one transaction; returns the ids recorded (the others' leases were lost).</summary>
    Task<IReadOnlySet<Guid>> FinishManyAsync(IReadOnlyList<FinishedItem> finished, string worker, CancellationToken ct);

    /// <summary>Marks an item cancelled because its run was cancelled while it ran.</summary>
    Task CancelProcessingAsync(ClaimedItem item, string worker, CancellationToken ct);

    /// <summary>Extends the leases of the given items, those the worker still holds; answers how many it still owned.</summary>
    Task<int> ExtendLeasesAsync(string worker, IReadOnlyCollection<Guid> itemIds, TimeSpan lease, CancellationToken ct);

    /// <summary>
    /// Puts back items a stopping worker did not finish: retrying at the front of the queue, the attempt not counted,
    /// with a history entry giving <paramref name="reason"/>. Answers how many were still the worker's.
    /// </summary>
    Task<int> ReleaseAsync(IReadOnlyList<ClaimedItem> items, string worker, string reason, CancellationToken ct);

    /// <summary>
    /// Puts back the items leased to <paramref name="worker"/> other than those it holds (<paramref name="held"/>):
    /// claimed by a claim whose answer was lost, never started. Retrying at the front, the attempt not counted.
    /// </summary>
    Task<int> ReleaseUnheldAsync(string worker, IReadOnlyCollection<Guid> held, string reason, CancellationToken ct);

    /// <summary>The workers holding leases now.</summary>
    Task<IReadOnlyList<string>> LeaseOwnersAsync(CancellationToken ct);

    /// <summary>Items whose lease expired (their worker died) go back to retrying at the front, or fail when out of attempts.</summary>
    Task<int> ReapExpiredLeasesAsync(CancellationToken ct);

    /// <summary>The same for the items of the given workers at once, known to be gone (an earlier run of this node).</summary>
    Task<int> ReapLeasesOfAsync(IReadOnlyCollection<string> owners, CancellationToken ct);

    /// <summary>Runs among <paramref name="runIds"/> that are no longer processing (cancelled), for stopping their items.</summary>
    Task<IReadOnlySet<Guid>> StoppedRunsAsync(IReadOnlyCollection<Guid> runIds, CancellationToken ct);

    /// <summary>Cancels the pending and retrying items of a run; returns how many.</summary>
    Task<int> CancelQueuedAsync(Guid runId, string reason, CancellationToken ct);

    /// <summary>Puts the failed items of a run back to pending with fresh attempts; returns how many.</summary>
    Task<int> RequeueFailedAsync(Guid runId, CancellationToken ct);
}
