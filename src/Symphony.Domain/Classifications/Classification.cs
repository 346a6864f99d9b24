using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Domain.Classifications;

/// <summary>
/// A class of accounts a workspace wants to know about ("superuser-equivalent", "locked", "reads PCI data"), with
/// the risk it stands for. Which accounts belong to it is decided by its rules: one current version per db type.
/// </summary>
public sealed class Classification : VersionedEntity, IWorkspaceOwned
{
    public const int MaxPerWorkspace = 200;
    public const int MinRisk = 1, MaxRisk = 6;

    public Guid WorkspaceId { get; set; }
    /// <summary>Lower-case letters, digits, '-' and '_': what filters, alerts and scripts name.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>1 (informational) to 6 (critical).</summary>
    public int RiskLevel { get; set; }
    /// <summary>Where it is listed among an account's classifications: higher first.</summary>
    public int Priority { get; set; }
    public string? Colour { get; set; }
}

/// <summary>
/// One version of a classification's rule for one db type. Never changed: a change is a new version and the old
/// one stays readable, so an assignment can always show the rule that made it.
/// </summary>
public sealed class ClassificationRule : Entity, IWorkspaceOwned
{
    /// <summary>Rule versions one classification keeps, of all its db types together.</summary>
    public const int MaxVersions = 100;

    public Guid WorkspaceId { get; set; }
    public Guid ClassificationId { get; set; }
    public required string DbType { get; set; }
    public int RuleVersion { get; set; }
    /// <summary>The rule document as <see cref="RuleExpression.Json"/> wrote it.</summary>
    public required string Expression { get; set; }
}

/// <summary>
/// An account in a classification: which rule version put it there, by which run, and since when. Written by
/// auto-classify only; an account leaving a classification loses the row, and both moves are in its change history.
/// </summary>
public sealed class AccountClassification : Entity, IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid InstanceId { get; set; }
    public Guid AccountId { get; set; }
    public Guid ClassificationId { get; set; }
    public Guid RuleId { get; set; }
    public int RuleVersion { get; set; }
    public Guid? RunId { get; set; }
    public DateTime AssignedAt { get; set; }
}
