using Symphony.Domain.Runs;

namespace Symphony.Infrastructure.Runs;

/// <summary>
/// The status changes the queue's SQL makes. The sets of statuses an item may be in for a move (claim, cancel,
/// requeue) are generated from the domain's transition table; the moves to a fixed status (to processing, to the
/// outcomes) are checked against it when the type loads, so a move the table no longer allows fails every queue
/// test. <c>QueueMovesTests</c> holds the whole table and the queue's moves together.
/// </summary>
public static class QueueMoves
{
    /// <summary>A worker leases a due item.</summary>
    public static readonly IReadOnlyList<ExecutionStatus> Claimable = ExecutionTransitions.Into(ExecutionStatus.Processing);

    /// <summary>
    /// An attempt ends: completed, retrying (attempts left and the failure retryable) or failed. Reaping a dead
    /// worker's item and releasing one at shutdown make the last two of these moves.
    /// </summary>
    public static readonly IReadOnlyList<ExecutionStatus> Outcomes = [ExecutionStatus.Completed, ExecutionStatus.Retrying, ExecutionStatus.Failed];

    /// <summary>
    /// <see cref="ItemExecution.AfterFailedAttempt"/> for an attempt lost with its worker (retryable: it may have done
    /// part of its work, so it counts), as SQL over an item_executions row. <c>QueueMovesTests</c> runs it against the domain.
    /// </summary>
    public static readonly string AfterLostAttempt =
        $"CASE WHEN attempt_count < max_attempts THEN '{Stored(ExecutionStatus.Retrying)}' ELSE '{Stored(ExecutionStatus.Failed)}' END";

    /// <summary>An item whose run was cancelled is stopped while it runs.</summary>
    public static readonly IReadOnlyList<ExecutionStatus> Stoppable = [ExecutionStatus.Processing];

    /// <summary>The queued items of a cancelled run: waiting ones, not the running ones their workers stop.</summary>
    public static readonly IReadOnlyList<ExecutionStatus> Cancellable =
        [.. ExecutionTransitions.Into(ExecutionStatus.Cancelled).Where(s => s != ExecutionStatus.Processing)];

    /// <summary>A user retries a failed run: its failed items are pending again.</summary>
    public static readonly IReadOnlyList<ExecutionStatus> Requeueable = ExecutionTransitions.Into(ExecutionStatus.Pending);

    // Loading the type fails when the table no longer allows one of the moves (a processing item reaching an outcome).
    static QueueMoves()
    {
        foreach (var (from, to) in All) ExecutionTransitions.Ensure(from, to);
    }

    /// <summary>Every move the queue makes, for the test that holds the queue and the table together.</summary>
    public static IEnumerable<(ExecutionStatus From, ExecutionStatus To)> All =>
        Claimable.Select(from => (from, ExecutionStatus.Processing))
            .Concat(Outcomes.Select(to => (ExecutionStatus.Processing, to)))
            .Concat(Stoppable.Select(from => (from, ExecutionStatus.Cancelled)))
            .Concat(Cancellable.Select(from => (from, ExecutionStatus.Cancelled)))
            .Concat(Requeueable.Select(from => (from, ExecutionStatus.Pending)))
            .Distinct();

    /// <summary>The status literal stored for <paramref name="status"/>.</summary>
    public static string Stored(ExecutionStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A SQL list of status literals, for <c>status IN (...)</c>.</summary>
    public static string In(IEnumerable<ExecutionStatus> statuses) => string.Join(", ", statuses.Select(s => $"'{Stored(s)}'"));
}
