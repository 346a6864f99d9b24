using Symphony.Domain.Common;

namespace Symphony.Domain.Automation;

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
/// The one transition table of the execution model (DESIGN.md section 4). Anything not listed is refused:
/// an illegal transition is a domain error, never a silent write.
/// </summary>
public static class ExecutionTransitions
{
    private static readonly Dictionary<ExecutionStatus, ExecutionStatus[]> Allowed = new()
    {
        [ExecutionStatus.Pending] = [ExecutionStatus.Processing, ExecutionStatus.Cancelled, ExecutionStatus.Skipped],
        [ExecutionStatus.Processing] = [ExecutionStatus.Completed, ExecutionStatus.Failed, ExecutionStatus.Retrying, ExecutionStatus.Cancelled],
        [ExecutionStatus.Retrying] = [ExecutionStatus.Processing, ExecutionStatus.Failed, ExecutionStatus.Cancelled],
        [ExecutionStatus.Failed] = [ExecutionStatus.Pending, ExecutionStatus.Retrying],
        [ExecutionStatus.Completed] = [],
        [ExecutionStatus.Cancelled] = [],
        [ExecutionStatus.Skipped] = [],
    };

    public static bool IsAllowed(ExecutionStatus from, ExecutionStatus to) => Allowed[from].Contains(to);

    /// <summary>Completed, cancelled and skipped never change again; failed may be re-queued.</summary>
    public static bool IsTerminal(ExecutionStatus status) => Allowed[status].Length == 0;

    public static void Ensure(ExecutionStatus from, ExecutionStatus to)
    {
        if (!IsAllowed(from, to))
            throw new DomainException(MessageCodes.InvalidStateTransition,
                $"An execution cannot go from {from.ToString().ToLowerInvariant()} to {to.ToString().ToLowerInvariant()}.");
    }
}
