using Symphony.Domain.Access;
using Symphony.Domain.Common;

namespace Symphony.Domain.Workspaces;

public enum WorkspaceType
{
    General = 0,
    Client = 1,
    Personal = 2,
    Research = 3,
}

/// <summary>An isolated unit of the fleet and automation domains, addressed by id or slug.</summary>
public sealed class Workspace : VersionedEntity
{
    public const string DefaultSlug = "default";

    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public WorkspaceType Type { get; set; } = WorkspaceType.General;
    /// <summary>JSON object of workspace settings.</summary>
    public string Settings { get; set; } = "{}";
}

/// <summary>A user's membership of a workspace with its role there.</summary>
public sealed class WorkspaceMember : Entity
{
    public Guid WorkspaceId { get; set; }
    public Guid UserId { get; set; }
    public WorkspaceRole Role { get; set; }
}
