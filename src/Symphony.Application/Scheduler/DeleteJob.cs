using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;

namespace Symphony.Application.Scheduler;

/// <summary>Deletes a custom job; its firings stay in the history. A built-in job can only be paused.</summary>
public sealed class DeleteJobHandler(IApplicationDbContext db, WorkspaceAccess access, IJobStore store, JobLookup jobs, AuditLog audit)
{
    public async Task HandleAsync(string workspace, string jobId, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        var stored = await jobs.FindAsync(scope.Id, jobId, ct);
        if (stored.Job.BuiltIn)
            throw new DomainException(MessageCodes.JobBuiltIn, $"'{jobId}' is a built-in job: pause it instead, or remove it from the scheduler file and reload.");
        await store.DeleteAsync(scope.Id, jobId, ct);
        audit.Record(AuditActions.JobDeleted, "scheduler_job", jobId, scope.Id, new { name = stored.Job.Name });
        await db.SaveChangesAsync(ct);
    }
}
