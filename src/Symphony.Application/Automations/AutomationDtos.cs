using System.Text.Json;
using Symphony.Domain.Automations;

namespace Symphony.Application.Automations;

public sealed record AutomationDto(
    Guid Id, Guid WorkspaceId, string Name, string? Description, string HandlerKind, JsonElement HandlerConfig,
    JsonElement? BatchSchema, JsonElement? ItemSchema, int MaxAttempts, int MaxConcurrency, int RetryDelaySeconds,
    bool IsActive, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static AutomationDto From(Automation a) => new(
        a.Id, a.WorkspaceId, a.Name, a.Description, a.HandlerKind, Payloads.Parse(a.HandlerConfig),
        Payloads.ParseOrNull(a.BatchSchema), Payloads.ParseOrNull(a.ItemSchema), a.MaxAttempts, a.MaxConcurrency,
        a.RetryDelaySeconds, a.IsActive, a.CreatedAt, a.UpdatedAt, a.Version);
}

public sealed record BatchDto(Guid Id, Guid AutomationId, string Name, JsonElement Payload, bool IsActive, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static BatchDto From(Batch b) => new(b.Id, b.AutomationId, b.Name, Payloads.Parse(b.Payload), b.IsActive, b.CreatedAt, b.UpdatedAt, b.Version);
}

public sealed record ItemDto(Guid Id, Guid BatchId, int SequenceNumber, JsonElement Payload, bool IsActive, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static ItemDto From(Item i) => new(i.Id, i.BatchId, i.SequenceNumber, Payloads.Parse(i.Payload), i.IsActive, i.CreatedAt, i.UpdatedAt, i.Version);
}
