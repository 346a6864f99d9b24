using Symphony.Domain.Common;

namespace Symphony.Domain.Runs;

/// <summary>
/// One item of one run: its status, attempts and outcome. Every status change goes through
/// <see cref="TransitionTo"/>, which checks the transition table and returns the history row to store with it.
/// </summary>
public sealed class ItemExecution : Entity
{
    public Guid RunId { get; set; }
    public Guid BatchExecutionId { get; set; }
    public Guid ItemId { get; set; }
    /// <summary>Copied from the run, so the queue can bound concurrency per automation without a join.</summary>
    public Guid AutomationId { get; set; }
    public ExecutionStatus Status { get; set; } = ExecutionStatus.Pending;
    public int AttemptCount { get; set; }
    public int MaxAttempts { get; set; } = 1;
    public DateTime NextAttemptAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>The item's payload when the run started: later edits of the item do not change a run.</summary>
    public string Payload { get; set; } = "null";
    public string? ResultPayload { get; set; }
    public string? Error { get; set; }
    /// <summary>The worker holding the item while it is processing, and until when.</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    public long? DurationMs { get; set; }

    /// <summary>
    /// Where an attempt that did not succeed leads: retrying while attempts are left and the failure may pass, else
    /// failed. The queue decides the same in SQL for attempts lost with their worker (<c>QueueMoves.AfterLostAttempt</c>).
    /// </summary>
    public static ExecutionStatus AfterFailedAttempt(int attemptsMade, int maxAttempts, bool retryable) =>
        retryable && attemptsMade < maxAttempts ? ExecutionStatus.Retrying : ExecutionStatus.Failed;

    public ItemStateHistory TransitionTo(ExecutionStatus to, DateTime now, string? reason = null)
    {
        ExecutionTransitions.Ensure(Status, to);
        var history = new ItemStateHistory
        {
            ItemExecutionId = Id,
            RunId = RunId,
            FromStatus = Status,
            ToStatus = to,
            Attempt = AttemptCount,
            OccurredAt = now,
            Reason = reason,
        };
        Status = to;
        switch (to)
        {
            case ExecutionStatus.Processing:
                AttemptCount++;
                history.Attempt = AttemptCount;
                StartedAt ??= now;
                break;
            case ExecutionStatus.Completed or ExecutionStatus.Failed or ExecutionStatus.Cancelled or ExecutionStatus.Skipped:
                FinishedAt = now;
                // Why it failed, or why it was skipped (an instance with nothing to work on yet).
                if (to is ExecutionStatus.Failed or ExecutionStatus.Skipped) Error = reason;
                break;
            case ExecutionStatus.Pending:
                // A re-queued failed item gets a fresh set of attempts.
                AttemptCount = 0;
                FinishedAt = null;
                Error = null;
                NextAttemptAt = now;
                break;
        }
        return history;
    }

    /// <summary>
    /// The delay before the next attempt: the base delay doubled per attempt made, capped at an hour, with up to
    /// 25% random jitter so failed items of one run do not all come back at the same instant.
    /// </summary>
    public static TimeSpan Backoff(int attemptsMade, TimeSpan baseDelay, double jitter)
    {
        var exponent = Math.Clamp(attemptsMade - 1, 0, 20);
        var seconds = baseDelay.TotalSeconds * Math.Pow(2, exponent) * (1 + 0.25 * Math.Clamp(jitter, 0, 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, 3600));
    }
}

/// <summary>One status change of an item execution. Written with the change, never updated or deleted.</summary>
public sealed class ItemStateHistory : Entity
{
    public Guid ItemExecutionId { get; set; }
    public Guid RunId { get; set; }
    public ExecutionStatus FromStatus { get; set; }
    public ExecutionStatus ToStatus { get; set; }
    public int Attempt { get; set; }
    public DateTime OccurredAt { get; set; }
    public string? Reason { get; set; }
    /// <summary>The worker that made the change, when a worker made it.</summary>
    public string? Worker { get; set; }
}
