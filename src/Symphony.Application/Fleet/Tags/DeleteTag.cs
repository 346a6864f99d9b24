using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet.Tags;

/// <summary>
/// Deletes a tag. While active instances carry it the answer is 409 TAG_IN_USE, so a grouping in use is not lost by
/// accident; <c>force</c> takes it off them in the same transaction. Job scopes naming it are not looked at.
/// </summary>
public sealed class DeleteTagHandler(IApplicationDbContext db, WorkspaceLookup lookup, AuditLog audit)
{
    public async Task HandleAsync(string workspace, Guid id, bool force, CancellationToken ct)
    {
        var tag = await lookup.FindAsync<Tag>(workspace, id, Permission.WriteWorkspace, ct);
        var inUse = (await TagRules.InstanceCountsAsync(db, [tag.Id], ct)).GetValueOrDefault(tag.Id);
        if (inUse > 0 && !force)
            throw new DomainException(MessageCodes.TagInUse,
                $"Tag '{tag.Code}' is on {inUse} instance(s); take it off them first, or delete with force=true.");
        // Deleted instances lose it too: a restored instance comes back without a tag that no longer exists.
        var links = await db.InstanceTags.IgnoreQueryFilters().Where(l => l.TagId == tag.Id).ToListAsync(ct);
        db.InstanceTags.RemoveRange(links);
        db.Tags.Remove(tag);
        audit.Record(AuditActions.TagDeleted, "tag", tag.Id, tag.WorkspaceId, new { code = tag.Code, removed_from = links.Count });
        await db.SaveChangesAsync(ct);
    }
}
