using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;

namespace Symphony.Application.Scheduler;

/// <summary>
/// Keeps the job store in step with the workspaces: every workspace has each built-in job of the scheduler file
/// (created as the file says when missing, never overwritten), and the jobs of deleted workspaces are removed.
/// Run by the scheduler at start-up and then periodically; every node may run it at once (a lost race to create a
/// job is no harm: the job exists).
/// </summary>
public sealed class BuiltInJobSweep(IApplicationDbContext db, IJobStore store, BuiltInJobs builtIns)
{
    /// <summary>Returns how many jobs were created and how many workspaces' jobs were removed.</summary>
    public async Task<(int Created, int RemovedWorkspaces)> SweepAsync(CancellationToken ct)
    {
        // Jobs first: a workspace created between the two reads then has no jobs yet, rather than losing the ones it has.
        var existing = await store.JobIdsByWorkspaceAsync(ct);
        var workspaces = await db.Workspaces.AsNoTracking().Select(w => w.Id).ToListAsync(ct);
        var created = 0;
        foreach (var workspace in workspaces)
        {
            var ids = existing.GetValueOrDefault(workspace);
            foreach (var builtIn in builtIns.All.Where(b => ids is null || !ids.Contains(b.Job.Id)))
            {
                if (await builtIn.CreateInAsync(store, workspace, ct))
                    created++;
            }
        }
        var gone = existing.Keys.Except(workspaces).ToList();
        foreach (var workspace in gone) await store.DeleteWorkspaceAsync(workspace, ct);
        return (created, gone.Count);
    }
}
