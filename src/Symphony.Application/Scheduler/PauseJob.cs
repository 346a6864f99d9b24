using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;

namespace Symphony.Application.Scheduler;

/// <summary>Stops a job's firings until it is resumed; a run it already started goes on.</summary>
public sealed class PauseJobHandler(IApplicationDbContext db, WorkspaceAccess access, IJobStore store, JobLookup jobs, AuditLog audit, GetJobHandler get)
{
    public async Task<JobDto> HandleAsync(string workspace, string jobId, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        await jobs.FindAsync(scope.Id, jobId, ct);
        await store.PauseAsync(scope.Id, jobId, ct);
        audit.Record(AuditActions.JobPaused, "scheduler_job", jobId, scope.Id);
        await db.SaveChangesAsync(ct);
        return await get.HandleAsync(workspace, jobId, ct);
    }
}
