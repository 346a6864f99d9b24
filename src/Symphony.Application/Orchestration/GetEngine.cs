using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Orchestration;

namespace Symphony.Application.Orchestration;

public sealed class GetEngineHandler(WorkspaceLookup lookup)
{
    public async Task<EngineDto> HandleAsync(string workspace, Guid id, CancellationToken ct) =>
        EngineDto.From(await lookup.FindAsync<Engine>(workspace, id, Permission.ReadWorkspace, ct));
}
