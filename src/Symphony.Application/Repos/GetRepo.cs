using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;
using Symphony.Domain.Workspaces;

using Symphony.Domain.Repos;
namespace Symphony.Application.Repos;

public sealed class GetRepoHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public async Task<RepoDto> HandleAsync(string reference, Guid id, CancellationToken ct)
    {
        var workspace = await access.RequireAsync(reference, Permission.ReadWorkspace, ct);
        return RepoDto.From(await FindAsync(db, workspace, id, ct));
    }

    internal static async Task<Repo> FindAsync(IApplicationDbContext db, Workspace workspace, Guid id, CancellationToken ct) =>
        await db.Repos.FirstOrDefaultAsync(r => r.Id == id && r.WorkspaceId == workspace.Id, ct)
        ?? throw DomainException.NotFound($"Repo {id}");
}
