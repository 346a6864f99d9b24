using Symphony.Application.Workspaces;
using Symphony.Domain.Fleet;
using Symphony.Domain.Identity;

namespace Symphony.Application.Fleet;

public sealed class GetInstanceHandler(WorkspaceLookup lookup, TimeProvider clock)
{
    public async Task<InstanceDto> HandleAsync(string workspace, Guid id, CancellationToken ct) =>
        InstanceDto.From(await lookup.FindAsync<Instance>(workspace, id, Permission.ReadWorkspace, ct), clock.GetUtcNow().UtcDateTime);
}
