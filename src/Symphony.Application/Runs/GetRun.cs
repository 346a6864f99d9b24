using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Runs;

namespace Symphony.Application.Runs;

public sealed class GetRunHandler(IApplicationDbContext db, WorkspaceLookup lookup, TimeProvider clock)
{
    public async Task<RunDto> HandleAsync(string workspace, Guid runId, CancellationToken ct) =>
        await RunDto.LoadAsync(db, await lookup.FindAsync<Run>(workspace, runId, Permission.ReadWorkspace, ct), clock, ct);
}
