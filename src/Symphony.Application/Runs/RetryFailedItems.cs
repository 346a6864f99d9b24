using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Runs;

namespace Symphony.Application.Runs;

/// <summary>Re-queues the failed items of a failed run with fresh attempts; the run is processing again.</summary>
public sealed class RetryFailedItemsHandler(IApplicationDbContext db, WorkspaceLookup lookup, IRunQueue queue, IQueueSignal signal, TimeProvider clock)
{
    public async Task<RunDto> HandleAsync(string workspace, Guid runId, CancellationToken ct)
    {
        var run = await lookup.FindAsync<Run>(workspace, runId, Permission.WriteWorkspace, ct);
        if (run.Status != ExecutionStatus.Failed)
            throw new DomainException(MessageCodes.InvalidStateTransition, $"Only a failed run can retry its failed items; this run is {run.Status.ToString().ToLowerInvariant()}.");
        // Items first: while the run is still failed nothing claims them and nothing finishes it again; once it is
        // processing, the completion check sees them pending.
        await queue.RequeueFailedAsync(run.Id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        run.TransitionTo(ExecutionStatus.Pending, now);
        run.TransitionTo(ExecutionStatus.Processing, now);
        await db.SaveChangesAsync(ct);
        signal.WorkQueued();
        return await RunDto.LoadAsync(db, run, clock, ct);
    }
}
