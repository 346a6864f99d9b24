using Symphony.Domain.Common;

namespace Symphony.Domain.Runs;

/// <summary>The status of a run, a batch execution or an item execution.</summary>
public enum ExecutionStatus
{
    Pending,
    Processing,
    Retrying,
    Completed,
    Failed,
    Cancelled,
    Skipped,
}

/// <summary>
/// The one transition table of the execution model, for runs and item executions. Anything not listed is refused:
/// an illegal transition is a domain error, never a silent write. The queue's SQL takes its status sets from here
/// (see <c>QueueMoves</c>), so a change to the table changes the queue or fails its tests.
/// </summary>
public static class ExecutionTransitions
{
    private static readonly Dictionary<ExecutionStatus, ExecutionStatus[]> Allowed = new()
    {
        [ExecutionStatus.Pending] = [ExecutionStatus.Processing, ExecutionStatus.Cancelled, ExecutionStatus.Skipped],
        [ExecutionStatus.Processing] = [ExecutionStatus.Completed, ExecutionStatus.Failed, ExecutionStatus.Retrying, ExecutionStatus.Cancelled],
        [ExecutionStatus.Retrying] = [ExecutionStatus.Processing, ExecutionStatus.Cancelled],
        [ExecutionStatus.Failed] = [ExecutionStatus.Pending],
        [ExecutionStatus.Completed] = [],
        [ExecutionStatus.Cancelled] = [],
        [ExecutionStatus.Skipped] = [],
    };

    public static bool IsAllowed(ExecutionStatus from, ExecutionStatus to) => Allowed[from].Contains(to);

    /// <summary>Every allowed transition.</summary>
    public static IEnumerable<(ExecutionStatus From, ExecutionStatus To)> All =>
        Allowed.SelectMany(entry => entry.Value.Select(to => (entry.Key, to)));

    /// <summary>The statuses that may change to <paramref name="to"/>.</summary>
    public static IReadOnlyList<ExecutionStatus> Into(ExecutionStatus to) =>
        Allowed.Where(entry => entry.Value.Contains(to)).Select(entry => entry.Key).ToList();

    /// <summary>Completed, cancelled and skipped never change again; failed may be re-queued.</summary>
    public static bool IsTerminal(ExecutionStatus status) => Allowed[status].Length == 0;

    /// <summary>Nothing more happens unless a user asks: terminal, or failed (which a retry may re-open).</summary>
    public static bool IsFinished(ExecutionStatus status) => IsTerminal(status) || status == ExecutionStatus.Failed;

    /// <summary>The statuses of work still to do: a run is done when none of its items is in one of these.</summary>
    public static IReadOnlyList<ExecutionStatus> Unfinished { get; } = Enum.GetValues<ExecutionStatus>().Where(s => !IsFinished(s)).ToList();

    public static void Ensure(ExecutionStatus from, ExecutionStatus to)
    {
        if (!IsAllowed(from, to))
            throw new DomainException(MessageCodes.InvalidStateTransition,
                $"An execution cannot go from {from.ToString().ToLowerInvariant()} to {to.ToString().ToLowerInvariant()}.");
    }
}
