using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Domain.Fleet;

/// <summary>
/// A label a workspace puts on its instances (<c>prod-eu</c>, <c>pci</c>, <c>team-billing</c>) to find, sync and
/// schedule them as a group. The code is what scripts, filters and scopes name; the display name is for people.
/// </summary>
public sealed class Tag : VersionedEntity, IWorkspaceOwned
{
    public const int MaxPerWorkspace = 500;
    public const int MaxCodeLength = 50;
    /// <summary>The most tags an instance carries: a label set, not a key-value store.</summary>
    public const int MaxPerInstance = 50;

    public Guid WorkspaceId { get; set; }
    /// <summary>Of the form <see cref="Names.Code"/>.</summary>
    public required string Code { get; set; }
    public required string DisplayName { get; set; }
    /// <summary>A grouping of tags in lists and pickers, such as "environment", "team" or "compliance".</summary>
    public string? Category { get; set; }
    /// <summary>A colour as <c>#rrggbb</c>, for the console.</summary>
    public string? Colour { get; set; }
}

/// <summary>One tag on one instance. Assigning twice is the same as once; the pair is unique.</summary>
public sealed class InstanceTag : Entity, IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid InstanceId { get; set; }
    public Guid TagId { get; set; }
    public Tag? Tag { get; set; }
}
