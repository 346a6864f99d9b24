using Symphony.Domain.Identity;

namespace Symphony.Application.Fleet;

public sealed class GetInstanceHandler(InstanceLookup lookup, TimeProvider clock)
{
    public async Task<InstanceDto> HandleAsync(string workspace, Guid id, CancellationToken ct) =>
        InstanceDto.From(await lookup.InstanceAsync(workspace, id, Permission.ReadWorkspace, ct), clock.GetUtcNow().UtcDateTime);
}
