using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Capacity;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Application.Workspaces;

namespace Symphony.Server.Pages.Capacity;

/// <summary>
/// Capacity trends: an instance's total or one of its databases over daily, weekly, monthly or quarterly periods, the
/// forecast drawn ahead against the instance's threshold, the instances about to outgrow theirs; setting a threshold
/// and recomputing a range of periods.
/// </summary>
public sealed class IndexModel(
    GetWorkspaceHandler getWorkspace, ListInstancesHandler instances, GetInstanceHandler getInstance, ListDatabasesHandler databases, GetSizeSummariesHandler summaries,
    GetForecastHandler forecasts, ListOutgrowingHandler outgrowing, SetCapacityThresholdHandler threshold, AggregateCapacityHandler aggregate, TimeProvider clock)
    : WorkspacePage(getWorkspace)
{
    public IReadOnlyList<InstanceDto> Instances { get; private set; } = [];
    public IReadOnlyList<DatabaseDto> Databases { get; private set; } = [];
    public Guid? InstanceId { get; private set; }
    public Guid? DatabaseId { get; private set; }
    public string Period { get; private set; } = "daily";
    public string? From { get; private set; }
    public string? To { get; private set; }
    public SizeSummariesDto? Summaries { get; private set; }
    public ForecastDto? Forecast { get; private set; }
    public LineChart? Chart { get; private set; }
    public OutgrowingDto Outgrowing { get; private set; } = null!;

    public static IReadOnlyList<string> Periods { get; } = ["daily", "weekly", "monthly", "quarterly"];

    /// <summary>A range the summaries refuse is the page's message (400), the rest of the page still shown.</summary>
    public Task<IActionResult> OnGetAsync(string workspace, Guid? instance, Guid? database, string? period, string? from, string? to, CancellationToken ct) =>
        RunAsync(workspace, () =>
        {
            PeriodRange.Parse(period ?? "daily", from.NullIfBlank(), to.NullIfBlank(), clock.GetUtcNow().UtcDateTime);
            return Task.CompletedTask;
        }, () => LoadAsync(workspace, instance, database, IsError ? null : period, IsError ? null : from, IsError ? null : to, ct), ct);

    /// <summary>The threshold in GiB (decimals allowed); empty clears it.</summary>
    public Task<IActionResult> OnPostThresholdAsync(string workspace, Guid instance, string? thresholdGib, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var bytes = ThresholdInput.Bytes(thresholdGib);
            var saved = await threshold.HandleAsync(workspace, instance, new SetCapacityThresholdCommand(bytes), ct);
            Message = saved.ThresholdBytes is { } b ? $"Threshold set to {Fleet.DetailModel.Size(b)}." : "Threshold cleared.";
        }, () => LoadAsync(workspace, instance, null, null, null, null, ct), ct, after: $"{Request.Path}?instance={instance}");

    /// <summary>Starts the aggregation of the instance over the range (forced), and opens its run.</summary>
    public async Task<IActionResult> OnPostAggregateAsync(string workspace, Guid instance, string? from, string? to, CancellationToken ct)
    {
        Application.Runs.RunDto? run = null;
        var page = await RunAsync(workspace, async () =>
        {
            run = await aggregate.HandleAsync(workspace, new AggregateCapacityCommand(from.NullIfBlank(), to.NullIfBlank(), true, [instance]), null, ct);
        }, () => LoadAsync(workspace, instance, null, null, null, null, ct), ct);
        return run is null ? page : Redirect($"/workspaces/{Workspace.Slug}/runs/{run.Id}");
    }

    private async Task LoadAsync(string workspace, Guid? instance, Guid? database, string? period, string? from, string? to, CancellationToken ct)
    {
        Instances = (await instances.HandleAsync(workspace, ListRequest.Of(("limit", "200")), ct)).Items;
        // Beyond the first 200 by name, the instance asked for is added to the choice.
        if (instance is { } asked && Instances.All(i => i.Id != asked))
            Instances = [.. Instances, await getInstance.HandleAsync(workspace, asked, ct)];
        Outgrowing = await outgrowing.HandleAsync(workspace, 30, null, ct);
        (Period, From, To) = (Periods.Contains(period) ? period! : "daily", from.NullIfBlank(), to.NullIfBlank());
        InstanceId = instance ?? (Instances.Count > 0 ? Instances[0].Id : null);
        if (InstanceId is not { } instanceId) return;
        Databases = (await databases.HandleAsync(workspace, ListRequest.Of(("instance_id", instanceId.ToString()), ("limit", "200"), ("sort", "name")), ct)).Items;
        DatabaseId = Databases.Any(d => d.Id == database) ? database : null;
        (Summaries, Forecast) = DatabaseId is { } databaseId
            ? (await summaries.OfDatabaseAsync(workspace, databaseId, Period, From, To, ct), await forecasts.OfDatabaseAsync(workspace, databaseId, null, null, ct))
            : (await summaries.OfInstanceAsync(workspace, instanceId, Period, From, To, ct), await forecasts.OfInstanceAsync(workspace, instanceId, null, null, ct));
        var measured = Summaries.Periods.Select(p => new ChartPoint(p.PeriodStart, p.AvgSizeBytes)).ToList();
        var projected = Forecast.Projection.Select(p => new ChartPoint(p.Day, p.SizeBytes)).ToList();
        Chart = new LineChart($"{Summaries.Name}, {Period} average", measured, projected, Forecast.ThresholdBytes);
    }

    public string ThresholdGib(long? bytes) => ThresholdInput.Gib(bytes);
}
