using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet.Tags;

/// <summary>Tags (by code) and the instances to put them on or take them off: up to 1,000 instances at once.</summary>
public sealed record TagAssignmentCommand(IReadOnlyList<string>? Tags = null, IReadOnlyList<Guid>? InstanceIds = null);

/// <summary>The instance ids are always required; the tags are required by assign and remove and refused by remove-all.</summary>
public sealed class TagAssignmentValidator : AbstractValidator<TagAssignmentCommand>
{
    public const int MaxInstances = 1000;

    public TagAssignmentValidator()
    {
        RuleFor(c => c.Tags).TagCodes();
        RuleFor(c => c.InstanceIds).NotNull().WithMessage("instance_ids is required.")
            .NotEmptyList("instance_ids")
            .Must(ids => ids is null || ids.Count <= MaxInstances).WithMessage($"instance_ids holds 1 to {MaxInstances} ids.");
    }
}

/// <summary>
/// Puts tags on instances, all or nothing: every code must be a tag of the workspace and every id an active
/// instance of it, or nothing changes. Pairs already there are left as they are, so repeating a call is harmless.
/// </summary>
public sealed class AssignTagsHandler(IApplicationDbContext db, WorkspaceAccess access, WorkspaceLookup lookup, TagAssignmentValidator validator, AuditLog audit)
{
    public async Task<TagAssignmentResult> HandleAsync(string workspace, TagAssignmentCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        if (command.Tags is null) throw DomainException.Validation("tags", "tags is required.");
        var tags = await TagRules.ResolveAsync(db, scope.Id, command.Tags!.Distinct().ToList(), "tags", ct);
        var instanceIds = (await lookup.AllInAsync<Instance>(scope.Id, command.InstanceIds!.Distinct().ToList(), "instance_ids", ct)).Select(i => i.Id).ToList();

        // Links to a deleted tag are left out by the query filter: they do not count towards the limit.
        var existing = await db.InstanceTags.Where(l => l.WorkspaceId == scope.Id && instanceIds.Contains(l.InstanceId))
            .Select(l => new { l.InstanceId, l.TagId }).ToListAsync(ct);
        var had = existing.Select(l => (l.InstanceId, l.TagId)).ToHashSet();
        var added = (from instanceId in instanceIds
                     from tag in tags
                     where !had.Contains((instanceId, tag.Id))
                     select new InstanceTag { WorkspaceId = scope.Id, InstanceId = instanceId, TagId = tag.Id }).ToList();
        var crowded = added.Select(l => l.InstanceId).Concat(existing.Select(l => l.InstanceId))
            .GroupBy(id => id).FirstOrDefault(g => g.Count() > Tag.MaxPerInstance);
        if (crowded is not null)
            throw new DomainException(MessageCodes.LimitExceeded, $"Instance {crowded.Key} would carry more than {Tag.MaxPerInstance} tags.");

        db.InstanceTags.AddRange(added);
        audit.Record(AuditActions.TagsAssigned, "tag", null, scope.Id, new { tags = tags.Select(t => t.Code).Order(StringComparer.Ordinal), instances = instanceIds.Count, added = added.Count });
        await db.SaveChangesAsync(ct);
        return new TagAssignmentResult(instanceIds.Count, tags.Count, added.Count, instanceIds.Count * tags.Count - added.Count);
    }
}
