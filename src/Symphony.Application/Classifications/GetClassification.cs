using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Classifications;

namespace Symphony.Application.Classifications;

public sealed class GetClassificationHandler(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public async Task<ClassificationDto> HandleAsync(string workspace, Guid id, CancellationToken ct) =>
        await ClassificationRules.DtoAsync(db, await lookup.FindAsync<Classification>(workspace, id, Permission.ReadWorkspace, ct), ct);
}
