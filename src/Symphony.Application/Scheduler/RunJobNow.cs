using Symphony.Application.Common;
using Symphony.Application.Runs;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Common;

namespace Symphony.Application.Scheduler;

/// <summary>
/// Fires a job now, as a firing recorded with <c>manual</c>, under the rules of starting a run: the same
/// Idempotency-Key returns the same run; while the job's previous run is active, 409 JOB_RUN_ACTIVE.
/// </summary>
public sealed class RunJobNowHandler(WorkspaceAccess access, JobLookup jobs, JobFiring fire, NodeName node, TimeProvider clock)
{
    public async Task<RunDto> HandleAsync(string workspace, string jobId, string? idempotencyKey, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        var stored = await jobs.FindAsync(scope.Id, jobId, ct);
        if (idempotencyKey is { Length: > 200 })
            throw DomainException.Validation("Idempotency-Key", "Idempotency-Key must be at most 200 characters.");
        StartRunHandler.EnsureClientKeys(idempotencyKey);
        var result = await fire.FireAsync(stored.Job, clock.NowUtc(), node.Value, manual: true, idempotencyKey, ct);
        if (result.Refusal is not null) throw result.Refusal;
        return result.Run!;
    }
}
