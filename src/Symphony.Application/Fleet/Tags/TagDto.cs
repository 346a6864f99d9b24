using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet.Tags;

/// <summary>A tag with the number of active instances that carry it.</summary>
public sealed record TagDto(
    Guid Id, Guid WorkspaceId, string Code, string DisplayName, string? Category, string? Colour, int InstanceCount,
    DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static TagDto From(Tag t, int instanceCount) =>
        new(t.Id, t.WorkspaceId, t.Code, t.DisplayName, t.Category, t.Colour, instanceCount, t.CreatedAt, t.UpdatedAt, t.Version);
}

/// <summary>What a bulk assignment changed: the pairs added or removed, and those already as asked.</summary>
public sealed record TagAssignmentResult(int Instances, int Tags, int Changed, int Unchanged);
