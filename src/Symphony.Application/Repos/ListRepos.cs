using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Repos;

namespace Symphony.Application.Repos;

public sealed class ListReposHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public static ListDefinition<Repo> Definition { get; } = new ListDefinition<Repo>()
        .Filter("search", v =>
        {
            var term = FilterValues.Text(v).ToLowerInvariant();
            return new(r => r.Name.ToLower().Contains(term));
        })
        .Filter("kind", v => v switch
        {
            "local" => new(r => r.LocalPath != null),
            "remote" => new(r => r.RemoteUrl != null),
            _ => throw new FormatException("kind must be 'local' or 'remote'."),
        })
        .AllowIncludeDeleted()
        .Sort("name", r => r.Name, isDefault: true)
        .Sort("created_at", r => r.CreatedAt)
        .Sort("last_synced_at", r => r.LastSyncedAt);

    public async Task<PagedResult<RepoDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        return await Definition.ToPageAsync(db.Repos, request, RepoDto.Projection, ct,
            new Specification<Repo>(r => r.WorkspaceId == scope.Id));
    }
}
