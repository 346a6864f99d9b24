using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Domain.Runs;

public enum RunTrigger
{
    Manual,
    Api,
    Scheduled,
    /// <summary>Started by Symphony on an event (webhook deliveries).</summary>
    Event,
}

/// <summary>
/// One execution of an automation. Its items are queued when it starts; it finishes when none is left to
/// do: completed when every item completed or was skipped, failed when any failed, cancelled on request.
/// </summary>
public sealed class Run : Entity, IWorkspaceOwned
{
    /// <summary>
    /// What the correlation ids and idempotency keys of runs the scheduler starts begin with; a client's may not, so
    /// it can neither fake a job's firing nor block one.
    /// </summary>
    public const string SchedulerPrefix = "scheduler:";

    public Guid WorkspaceId { get; set; }
    public Guid AutomationId { get; set; }
    public RunTrigger Trigger { get; set; }
    public string? CorrelationId { get; set; }
    public string? IdempotencyKey { get; set; }
    /// <summary>A digest of the operation the key came with: the key answers that operation only.</summary>
    public string? IdempotencyScope { get; set; }
    public ExecutionStatus Status { get; set; } = ExecutionStatus.Pending;
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? ErrorSummary { get; set; }
    public string? CancellationReason { get; set; }

    public void TransitionTo(ExecutionStatus to, DateTime now)
    {
        ExecutionTransitions.Ensure(Status, to);
        Status = to;
        if (to == ExecutionStatus.Processing)
        {
            StartedAt ??= now;
            FinishedAt = null;
            ErrorSummary = null;
        }
        else if (ExecutionTransitions.IsFinished(to))
            FinishedAt = now;
        else
            FinishedAt = null; // re-queued by a retry: no longer finished
    }

    /// <summary>None of the run's items is left to do: failed when any item failed, completed otherwise.</summary>
    public void Finish(int failedItems, DateTime now)
    {
        TransitionTo(failedItems > 0 ? ExecutionStatus.Failed : ExecutionStatus.Completed, now);
        ErrorSummary = failedItems > 0 ? $"{failedItems} item(s) failed" : null;
    }
}

/// <summary>
/// One batch of one run. It starts with its run (its items are queued at once) and finishes when none of its items is
/// left to do; the queue's statements that finish, cancel and re-queue items keep its status (<c>BatchProgress</c>).
/// </summary>
public sealed class BatchExecution : Entity
{
    public Guid RunId { get; set; }
    public Guid BatchId { get; set; }
    public ExecutionStatus Status { get; set; } = ExecutionStatus.Processing;
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>A batch of a starting run: processing, or completed at once when none of its items is left to do (all skipped, or none).</summary>
    public static BatchExecution Start(Guid runId, Guid batchId, bool nothingToDo, DateTime now) => new()
    {
        RunId = runId,
        BatchId = batchId,
        Status = nothingToDo ? ExecutionStatus.Completed : ExecutionStatus.Processing,
        StartedAt = now,
        FinishedAt = nothingToDo ? now : null,
    };

    /// <summary>
    /// How a batch whose items are all finished ends: failed when any item failed, else cancelled when any was
    /// cancelled, else completed (its items completed or were skipped).
    /// </summary>
    public static ExecutionStatus Outcome(bool anyFailed, bool anyCancelled) =>
        anyFailed ? ExecutionStatus.Failed : anyCancelled ? ExecutionStatus.Cancelled : ExecutionStatus.Completed;
}
