namespace Symphony.Application.Runs;

/// <summary>
/// What the run use cases ask of the durable queue in the platform database: a user's cancel and retry reach the
/// queued and failed items. Each change is conditional on the status it expects and writes its history row in the
/// same transaction. The worker uses the queue's own classes (Infrastructure/Runs).
/// </summary>
public interface IRunQueue
{
    /// <summary>Cancels the pending and retrying items of a run; returns how many.</summary>
    Task<int> CancelQueuedAsync(Guid runId, string reason, CancellationToken ct);

    /// <summary>Puts the failed items of a run back to pending with fresh attempts; returns how many.</summary>
    Task<int> RequeueFailedAsync(Guid runId, CancellationToken ct);
}
