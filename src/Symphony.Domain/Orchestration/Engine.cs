using Symphony.Domain.Common;
using Symphony.Domain.Runs;
using Symphony.Domain.Workspaces;

namespace Symphony.Domain.Orchestration;

/// <summary>The kinds of external workflow engine Symphony can start and follow.</summary>
public static class EngineTypes
{
    /// <summary>Workflows run by Symphony itself; instances are registered, never started remotely.</summary>
    public const string Builtin = "builtin";
    /// <summary>Any service speaking Symphony's small HTTP workflow contract (docs/reference/http-engine.md).</summary>
    public const string Http = "http";
    public const string Jenkins = "jenkins";
    public const string Argo = "argo";

    public static IReadOnlyList<string> Known { get; } = [Builtin, Http, Jenkins, Argo];

    /// <summary>The types Symphony starts workflows on; a builtin engine has no address.</summary>
    public static bool IsRemote(string type) => type != Builtin;
}

/// <summary>An external workflow engine of a workspace: where it is and how to reach it.</summary>
public sealed class Engine : VersionedEntity, IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public required string Type { get; set; }
    public string? Description { get; set; }
    /// <summary>Root URL of the engine's API (for Argo, of argo-server); null for a builtin engine.</summary>
    public string? BaseUrl { get; set; }
    /// <summary>JSON object of type-specific settings (Argo: namespace; HTTP: paths).</summary>
    public string Config { get; set; } = "{}";
}

/// <summary>
/// One workflow in an external engine, known by the engine's own id. Its status uses the execution status
/// set: pending until the engine reports it started, processing while it runs, then completed, failed or
/// cancelled.
/// </summary>
public sealed class OrchestrationInstance : VersionedEntity, IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid EngineId { get; set; }
    /// <summary>The engine's id of the workflow; null only between asking the engine to start it and its answer.</summary>
    public string? ExternalId { get; set; }
    public ExecutionStatus Status { get; set; } = ExecutionStatus.Pending;
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int? DurationSeconds { get; set; }
    /// <summary>JSON object: what the engine reported (its URL, result, error, build number, phase).</summary>
    public string Metadata { get; set; } = "{}";
    /// <summary>SHA-256 of the token the engine presents when it calls back; null when it is polled.</summary>
    public string? CallbackTokenHash { get; set; }

    /// <summary>Follows what the engine reports. Finished instances keep their outcome.</summary>
    public bool Report(ExecutionStatus status, DateTime now)
    {
        if (Status == status || ExecutionTransitions.IsFinished(Status)) return false;
        if (status != ExecutionStatus.Pending && StartedAt is null) StartedAt = now;
        Status = status;
        if (ExecutionTransitions.IsFinished(status))
        {
            FinishedAt = now;
            DurationSeconds = StartedAt is { } started ? (int)Math.Round((now - started).TotalSeconds) : null;
        }
        return true;
    }
}

/// <summary>Links a run to an orchestration instance: the workflow did (part of) the run's work.</summary>
public sealed class RunOrchestration : Entity
{
    public Guid RunId { get; set; }
    public Guid OrchestrationInstanceId { get; set; }
    public DateTime AttachedAt { get; set; }
}
