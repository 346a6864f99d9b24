using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;

using Symphony.Domain.Runs;
namespace Symphony.Application.Runs;

/// <summary>Finds a run only through the workspace the caller may use: anything else is 404.</summary>
public sealed class RunLookup(IApplicationDbContext db, WorkspaceAccess access)
{
    public async Task<Run> RunAsync(string workspace, Guid runId, Permission permission, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, permission, ct);
        return await db.Runs.FirstOrDefaultAsync(r => r.Id == runId && r.WorkspaceId == scope.Id, ct)
            ?? throw DomainException.NotFound($"Run {runId}");
    }
}
