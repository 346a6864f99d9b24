using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Capacity;
using Symphony.Application.Classifications;
using Symphony.Application.Dashboard;
using Symphony.Application.Workspaces;

namespace Symphony.Server.Pages.Dashboard;

/// <summary>A workspace's home: the fleet, the last day's runs, capacity and account risk, each figure a link to its list.</summary>
public sealed class IndexModel(
    GetWorkspaceHandler getWorkspace, GetFleetOverviewHandler overview, ListTopGrowersHandler growers, ListOutgrowingHandler outgrowing,
    GetClassificationStatisticsHandler classification) : WorkspacePage(getWorkspace)
{
    public FleetOverviewDto Overview { get; private set; } = null!;
    public GrowersDto Growers { get; private set; } = null!;
    public OutgrowingDto Outgrowing { get; private set; } = null!;
    public ClassificationStatistics Accounts { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string workspace, CancellationToken ct) => RunAsync(workspace, null, async () =>
    {
        Overview = await overview.HandleAsync(workspace, ct);
        Growers = await growers.HandleAsync(workspace, "monthly", null, "databases", 5, ct);
        Outgrowing = await outgrowing.HandleAsync(workspace, 30, null, ct);
        Accounts = await classification.HandleAsync(workspace, ct);
    }, ct);

    public string Base => $"/workspaces/{Workspace.Slug}";

    /// <summary>Yesterday, the first day the "since yesterday" figures count, as the lists' date filters take it.</summary>
    public string AccountsSinceDay => Overview.AccountsSince.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Accounts whose highest risk is the level or above: what the ledger's minimum-risk filter lists.</summary>
    public int AccountsAtOrAbove(int level) => Accounts.ByRiskLevel.Where(r => r.RiskLevel >= level).Sum(r => r.Accounts);

    /// <summary>The runs list of a status since the overview's start of the day, as the figure counted.</summary>
    public string RunsLink(string status) =>
        $"{Base}/runs?status={status}&since={Uri.EscapeDataString(Overview.RunsSince.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}";

}
