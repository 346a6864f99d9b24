using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Orchestration;

namespace Symphony.Application.Orchestration;

public sealed class GetOrchestrationInstanceHandler(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public async Task<OrchestrationInstanceDto> HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        var instance = await lookup.FindAsync<OrchestrationInstance>(workspace, id, Permission.ReadWorkspace, ct);
        return (await OrchestrationInstanceDto.LoadManyAsync(db, [instance], ct))[0];
    }
}
