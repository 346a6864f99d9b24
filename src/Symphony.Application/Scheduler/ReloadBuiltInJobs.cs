using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;

namespace Symphony.Application.Scheduler;

/// <summary>
/// Resets the workspace's built-in jobs to the scheduler file: each as the file describes it (schedule, scope,
/// enabled or paused), and built-ins the file no longer lists are deleted. Custom jobs are left alone.
/// </summary>
public sealed class ReloadBuiltInJobsHandler(
    IApplicationDbContext db, WorkspaceAccess access, IJobStore store, BuiltInJobs builtIns, AuditLog audit, ListJobsHandler list)
{
    public async Task<IReadOnlyList<JobDto>> HandleAsync(string workspace, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ManageWorkspace, ct);
        foreach (var stored in await store.ListAsync(scope.Id, ct))
            if (stored.Job.BuiltIn && builtIns.Find(stored.Job.Id) is null)
                await store.DeleteAsync(scope.Id, stored.Job.Id, ct);
        foreach (var builtIn in builtIns.All)
            await builtIn.ResetInAsync(store, scope.Id, ct);
        audit.Record(AuditActions.JobsReloaded, "workspace", scope.Id, scope.Id, new { jobs = builtIns.All.Select(j => j.Job.Id) });
        await db.SaveChangesAsync(ct);
        return await list.HandleAsync(workspace, ct);
    }
}
