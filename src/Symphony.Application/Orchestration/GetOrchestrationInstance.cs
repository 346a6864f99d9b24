using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;
using Symphony.Domain.Orchestration;

namespace Symphony.Application.Orchestration;

public sealed class GetOrchestrationInstanceHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public async Task<OrchestrationInstanceDto> HandleAsync(string reference, Guid id, CancellationToken ct)
    {
        var workspace = await access.RequireAsync(reference, Permission.ReadWorkspace, ct);
        var instance = await FindAsync(db, workspace.Id, id, ct);
        return (await OrchestrationInstanceDto.LoadManyAsync(db, [instance], ct))[0];
    }

    internal static async Task<OrchestrationInstance> FindAsync(IApplicationDbContext db, Guid workspaceId, Guid id, CancellationToken ct) =>
        await db.OrchestrationInstances.FirstOrDefaultAsync(o => o.Id == id && o.WorkspaceId == workspaceId, ct)
        ?? throw DomainException.NotFound($"Orchestration instance {id}");
}
