using Symphony.Application.Audit;
using Symphony.Application.Common;

namespace Symphony.Server.Api;

/// <summary>The audit log (admins only; the handler checks).</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit-events", ListAuditEvents).WithTags("Audit").RequireAuthorization()
            .Describe("listAuditEvents", "List audit events",
                "Admins only. Who did what, when and from where, newest first; filter by actor, action, target or time.");
        return api;
    }

    private static Task<PagedResult<AuditEventDto>> ListAuditEvents(HttpRequest request, ListAuditEventsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(ApiConventions.ListRequestOf(request), ct);
}
