using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Domain.Scheduler;

public enum FiringOutcome
{
    /// <summary>A run was started (or, for a firing repeated after a node's crash, found already started).</summary>
    Started,
    /// <summary>The job's previous run was still active, or the job had nothing in scope: no run.</summary>
    Skipped,
    /// <summary>The run could not be started (the automation is gone, its payloads no longer match): no run.</summary>
    Failed,
}

/// <summary>One firing of a job, by its schedule or on request: when it was due, when it fired, and what came of it.</summary>
public sealed class Firing : Entity, IWorkspaceOwned
{
    public const int MaxReasonLength = 500;

    public Guid WorkspaceId { get; set; }
    public required string JobId { get; set; }
    public DateTime ScheduledAt { get; set; }
    public DateTime FiredAt { get; set; }
    public FiringOutcome Outcome { get; set; }
    public string? Reason { get; set; }
    public Guid? RunId { get; set; }
    /// <summary>Requested through <c>actions/run</c>, not by the schedule.</summary>
    public bool Manual { get; set; }
    /// <summary>The node that fired it.</summary>
    public required string Node { get; set; }
}
