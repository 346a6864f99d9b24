using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Runs;

namespace Symphony.Application.Orchestration;

/// <summary>The orchestration instances linked to a run, oldest link first.</summary>
public sealed class ListRunOrchestrationsHandler(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public async Task<IReadOnlyList<RunOrchestrationDto>> HandleAsync(string workspace, Guid runId, CancellationToken ct)
    {
        var run = await lookup.FindAsync<Run>(workspace, runId, Permission.ReadWorkspace, ct);
        var links = await db.RunOrchestrations.Where(l => l.RunId == run.Id).OrderBy(l => l.AttachedAt).ToListAsync(ct);
        var ids = links.Select(l => l.OrchestrationInstanceId).ToList();
        var instances = await db.OrchestrationInstances.IgnoreQueryFilters().Where(o => ids.Contains(o.Id)).ToListAsync(ct);
        var dtos = (await OrchestrationInstanceDto.LoadManyAsync(db, instances, ct)).ToDictionary(d => d.Id);
        return links.Select(l => new RunOrchestrationDto(l.Id, l.RunId, l.AttachedAt, dtos[l.OrchestrationInstanceId])).ToList();
    }
}
