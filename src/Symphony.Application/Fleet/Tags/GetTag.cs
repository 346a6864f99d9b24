using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet.Tags;

public sealed class GetTagHandler(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public async Task<TagDto> HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        var tag = await lookup.FindAsync<Tag>(workspace, id, Permission.ReadWorkspace, ct);
        var counts = await TagRules.InstanceCountsAsync(db, [tag.Id], ct);
        return TagDto.From(tag, counts.GetValueOrDefault(tag.Id));
    }
}
