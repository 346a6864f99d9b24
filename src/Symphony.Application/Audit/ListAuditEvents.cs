using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;

namespace Symphony.Application.Audit;

public sealed record AuditEventDto(
    Guid Id, DateTime OccurredAt, string Action, Guid? ActorId, string? ActorName, string? TargetType, string? TargetId,
    Guid? WorkspaceId, string? IpAddress, string? TraceId, string Details);

/// <summary>The platform audit log, newest first by default. Admins only.</summary>
public sealed class ListAuditEventsHandler(IApplicationDbContext db, ICurrentUser caller)
{
    public static ListDefinition<AuditEvent> Definition { get; } = new ListDefinition<AuditEvent>()
        .Filter("action", v =>
        {
            var action = FilterValues.Text(v, 100);
            return action.EndsWith('*')
                ? new(e => e.Action.StartsWith(action.TrimEnd('*')))
                : new(e => e.Action == action);
        })
        .Filter("actor_id", v =>
        {
            var id = FilterValues.Id(v);
            return new(e => e.ActorId == id);
        })
        .Filter("actor", v =>
        {
            var name = FilterValues.Text(v, 100);
            return new(e => e.ActorName == name);
        })
        .Filter("target_id", v =>
        {
            var id = FilterValues.Text(v, 100);
            return new(e => e.TargetId == id);
        })
        .Filter("workspace_id", v =>
        {
            var id = FilterValues.Id(v);
            return new(e => e.WorkspaceId == id);
        })
        .Filter("since", v =>
        {
            var since = FilterValues.Time(v);
            return new(e => e.OccurredAt >= since);
        })
        .Filter("until", v =>
        {
            var until = FilterValues.Time(v);
            return new(e => e.OccurredAt < until);
        })
        .Sort("occurred_at", e => e.OccurredAt, isDefault: true, defaultOrder: SortOrder.Desc)
        .Sort("action", e => e.Action);

    public Task<PagedResult<AuditEventDto>> HandleAsync(ListRequest request, CancellationToken ct)
    {
        caller.Demand(Permission.ReadAuditLog);
        return Definition.ToPageAsync(db.AuditEvents, request, e => new AuditEventDto(
            e.Id, e.OccurredAt, e.Action, e.ActorId, e.ActorName, e.TargetType, e.TargetId, e.WorkspaceId,
            e.IpAddress, e.TraceId, e.Details), ct);
    }
}
