using System.Text.Json;
using Symphony.Domain.Audit;

namespace Symphony.Application.Common;

/// <summary>Adds audit events to the unit of work, so they commit with the change they describe.</summary>
public sealed class AuditLog(IApplicationDbContext db, ICurrentUser caller, TimeProvider clock)
{
    public void Record(string action, string? targetType = null, object? targetId = null, Guid? workspaceId = null,
        object? details = null, Guid? actorId = null, string? actorName = null)
    {
        db.AuditEvents.Add(new AuditEvent
        {
            OccurredAt = clock.GetUtcNow().UtcDateTime,
            Action = action,
            ActorId = actorId ?? caller.UserId,
            ActorName = actorName ?? caller.Username,
            TargetType = targetType,
            TargetId = targetId?.ToString(),
            WorkspaceId = workspaceId,
            IpAddress = caller.IpAddress,
            TraceId = caller.TraceId,
            Details = details is null ? "{}" : JsonSerializer.Serialize(details, JsonOptions),
        });
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
