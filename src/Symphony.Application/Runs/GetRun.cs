using Symphony.Application.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Runs;

public sealed class GetRunHandler(IApplicationDbContext db, RunLookup lookup)
{
    public async Task<RunDto> HandleAsync(string workspace, Guid runId, CancellationToken ct) =>
        await RunDto.LoadAsync(db, await lookup.RunAsync(workspace, runId, Permission.ReadWorkspace, ct), ct);
}
