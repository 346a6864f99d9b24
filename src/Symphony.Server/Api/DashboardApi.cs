using Symphony.Application.Dashboard;

namespace Symphony.Server.Api;

/// <summary>A workspace's dashboard: the figures of its fleet at a glance.</summary>
public static class DashboardApi
{
    public static RouteGroupBuilder MapDashboardApi(this RouteGroupBuilder api)
    {
        api.MapGet("/workspaces/{workspace}/dashboard", (string workspace, GetFleetOverviewHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, ct)).WithTags("Dashboard").RequireAuthorization()
            .Describe("getFleetOverview", "Get the fleet overview",
                "The dashboard's figures: instances by health, database type and environment, failing instances, the runs of the last 24 hours and the total size.");
        return api;
    }
}
