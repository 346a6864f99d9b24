using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Domain.Orchestration;
using Symphony.Domain.Runs;

namespace Symphony.Application.Orchestration;

public sealed record EngineDto(
    Guid Id, Guid WorkspaceId, string Name, string Type, string? Description, string? BaseUrl, JsonElement Config,
    bool IsActive, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static EngineDto From(Engine e) => new(
        e.Id, e.WorkspaceId, e.Name, e.Type, e.Description, e.BaseUrl, Payloads.Parse(e.Config), e.IsActive, e.CreatedAt, e.UpdatedAt, e.Version);
}

/// <summary>An orchestration instance with the runs linked to it; the callback token's hash never leaves the server.</summary>
public sealed record OrchestrationInstanceDto(
    Guid Id, Guid WorkspaceId, Guid EngineId, string? ExternalId, ExecutionStatus Status, DateTime? StartedAt, DateTime? FinishedAt,
    int? DurationSeconds, JsonElement Metadata, IReadOnlyList<Guid> RunIds, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static OrchestrationInstanceDto From(OrchestrationInstance o, IReadOnlyList<Guid> runIds) => new(
        o.Id, o.WorkspaceId, o.EngineId, o.ExternalId, o.Status, o.StartedAt, o.FinishedAt, o.DurationSeconds,
        Payloads.Parse(o.Metadata), runIds, o.CreatedAt, o.UpdatedAt, o.Version);

    /// <summary>DTOs of a page of instances, with their run links read in one query.</summary>
    public static async Task<List<OrchestrationInstanceDto>> LoadManyAsync(IApplicationDbContext db, IReadOnlyList<OrchestrationInstance> instances, CancellationToken ct)
    {
        var ids = instances.Select(i => i.Id).ToList();
        var links = await db.RunOrchestrations.Where(l => ids.Contains(l.OrchestrationInstanceId))
            .OrderBy(l => l.AttachedAt).Select(l => new { l.OrchestrationInstanceId, l.RunId }).ToListAsync(ct);
        return instances.Select(i => From(i, links.Where(l => l.OrchestrationInstanceId == i.Id).Select(l => l.RunId).ToList())).ToList();
    }
}

public sealed record RunOrchestrationDto(Guid Id, Guid RunId, DateTime AttachedAt, OrchestrationInstanceDto OrchestrationInstance);
