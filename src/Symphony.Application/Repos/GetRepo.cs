using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Repos;

namespace Symphony.Application.Repos;

public sealed class GetRepoHandler(WorkspaceLookup lookup)
{
    public async Task<RepoDto> HandleAsync(string workspace, Guid id, CancellationToken ct) =>
        RepoDto.From(await lookup.FindAsync<Repo>(workspace, id, Permission.ReadWorkspace, ct));
}
