using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;
using Symphony.Domain.Orchestration;

namespace Symphony.Application.Orchestration;

public sealed class GetEngineHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public async Task<EngineDto> HandleAsync(string reference, Guid id, CancellationToken ct)
    {
        var workspace = await access.RequireAsync(reference, Permission.ReadWorkspace, ct);
        return EngineDto.From(await FindAsync(db, workspace.Id, id, ct));
    }

    internal static async Task<Engine> FindAsync(IApplicationDbContext db, Guid workspaceId, Guid id, CancellationToken ct) =>
        await db.Engines.FirstOrDefaultAsync(e => e.Id == id && e.WorkspaceId == workspaceId, ct)
        ?? throw DomainException.NotFound($"Engine {id}");
}
