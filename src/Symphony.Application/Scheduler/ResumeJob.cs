using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;

namespace Symphony.Application.Scheduler;

/// <summary>
/// Lets a paused job fire again from its next due time; the firings it missed while paused follow its misfire
/// policy (one on resume, or none).
/// </summary>
public sealed class ResumeJobHandler(IApplicationDbContext db, WorkspaceAccess access, IJobStore store, JobLookup jobs, AuditLog audit, GetJobHandler get)
{
    public async Task<JobDto> HandleAsync(string workspace, string jobId, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        await jobs.FindAsync(scope.Id, jobId, ct);
        await store.ResumeAsync(scope.Id, jobId, ct);
        audit.Record(AuditActions.JobResumed, "scheduler_job", jobId, scope.Id);
        await db.SaveChangesAsync(ct);
        return await get.HandleAsync(workspace, jobId, ct);
    }
}
