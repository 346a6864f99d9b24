using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

public sealed class GetInstanceHandler(IApplicationDbContext db, WorkspaceLookup lookup, TimeProvider clock)
{
    public async Task<InstanceDto> HandleAsync(string workspace, Guid id, CancellationToken ct) =>
        await InstanceDto.LoadAsync(db, await lookup.FindAsync<Instance>(workspace, id, Permission.ReadWorkspace, ct), clock.GetUtcNow().UtcDateTime, ct);
}
