using Symphony.Application.Retention;

namespace Symphony.Server.Api;

/// <summary>The platform database's monthly partitions and their health (admins).</summary>
public static class RetentionApi
{
    public static RouteGroupBuilder MapRetentionApi(this RouteGroupBuilder api)
    {
        api.MapGet("/partitions", (GetPartitionsHandler handler, CancellationToken ct) => handler.HandleAsync(ct)).WithTags("Partitions").RequireAuthorization()
            .Describe("listPartitions", "List the store's partitions",
                "Admins only. The monthly partitions of the store's partitioned tables, with missing months and warnings (PostgreSQL only).");
        return api;
    }
}
