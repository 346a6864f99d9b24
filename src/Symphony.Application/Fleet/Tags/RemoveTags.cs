using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet.Tags;

/// <summary>
/// Takes tags off instances, with the same all-or-nothing checks as assigning; pairs that are not there are
/// left alone. Without <c>tags</c> (remove-all), every tag comes off the instances named.
/// </summary>
public sealed class RemoveTagsHandler(IApplicationDbContext db, WorkspaceAccess access, WorkspaceLookup lookup, TagAssignmentValidator validator, AuditLog audit)
{
    public async Task<TagAssignmentResult> HandleAsync(string workspace, TagAssignmentCommand command, bool all, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        if (all && command.Tags is not null) throw DomainException.Validation("tags", "remove-all takes every tag off; leave tags out.");
        if (!all && command.Tags is null) throw DomainException.Validation("tags", "tags is required.");
        var tags = all ? null : await TagRules.ResolveAsync(db, scope.Id, command.Tags!.Distinct().ToList(), "tags", ct);
        var instanceIds = (await lookup.AllInAsync<Instance>(scope.Id, command.InstanceIds!.Distinct().ToList(), "instance_ids", ct)).Select(i => i.Id).ToList();

        var tagIds = tags?.Select(t => t.Id).ToList();
        var links = await db.InstanceTags
            .Where(l => l.WorkspaceId == scope.Id && instanceIds.Contains(l.InstanceId) && (tagIds == null || tagIds.Contains(l.TagId))).ToListAsync(ct);
        db.InstanceTags.RemoveRange(links);
        audit.Record(AuditActions.TagsRemoved, "tag", null, scope.Id,
            new { tags = tags?.Select(t => t.Code).Order(StringComparer.Ordinal).ToList(), all, instances = instanceIds.Count, removed = links.Count });
        await db.SaveChangesAsync(ct);
        var asked = tags is null ? links.Count : instanceIds.Count * tags.Count;
        return new TagAssignmentResult(instanceIds.Count, tags?.Count ?? links.Select(l => l.TagId).Distinct().Count(), links.Count, asked - links.Count);
    }
}
