using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Classifications;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Application.Fleet.Tags;
using Symphony.Application.Workspaces;

namespace Symphony.Server.Pages.Classifications;

/// <summary>
/// Every account of the workspace, with filters by where it is, what it is and how it is classified, sortable by its
/// columns, and the same view as CSV.
/// </summary>
public sealed class LedgerModel(
    GetWorkspaceHandler getWorkspace, SearchLedgerHandler ledger, ListInstancesHandler instances, ListTagsHandler tags, ListClassificationsHandler classifications)
    : WorkspacePage(getWorkspace)
{
    public const int PageSize = 50;

    /// <summary>The page's parameters and the account list's names for them (the state is the list's gone or include_deleted).</summary>
    private static readonly (string Page, string Api)[] ApiNames =
    [
        ("search", "search"), ("instance", "instance_id"), ("tag", "tag"), ("dbType", "db_type"), ("classification", "classification"),
        ("minRisk", "min_risk"), ("signIn", "sign_in_state"), ("superuser", "superuser"), ("classified", "classified"),
        ("firstSeenSince", "first_seen_since"), ("sort", "sort"), ("order", "order"),
    ];

    /// <summary>The page's own parameters, blank ones left out: its links keep them.</summary>
    public IReadOnlyDictionary<string, string> Asked { get; private set; } = new Dictionary<string, string>();
    /// <summary>The same view as the API's account list names it.</summary>
    public Dictionary<string, string> Filters { get; private set; } = [];
    public PagedResult<LedgerAccountDto> Accounts { get; private set; } = new([], 0, 1, 0, PageSize);
    public IReadOnlyList<InstanceDto> Instances { get; private set; } = [];
    public IReadOnlyList<TagDto> Tags { get; private set; } = [];
    public IReadOnlyList<ClassificationDto> Classifications { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(
        string workspace, string? search, Guid? instance, string? tag, string? dbType, string? classification, int? minRisk,
        string? signIn, bool? superuser, bool? classified, DateOnly? firstSeenSince, string? state, string? sort, string? order, int? page, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            state = state.NullIfBlank() ?? "active";
            Asked = new Dictionary<string, string?>
            {
                ["search"] = search.NullIfBlank(), ["instance"] = instance?.ToString(), ["tag"] = tag.NullIfBlank(), ["dbType"] = dbType.NullIfBlank(),
                ["classification"] = classification.NullIfBlank(), ["minRisk"] = minRisk?.ToString(CultureInfo.InvariantCulture), ["signIn"] = signIn.NullIfBlank(),
                ["superuser"] = superuser?.ToString().ToLowerInvariant(), ["classified"] = classified?.ToString().ToLowerInvariant(),
                ["firstSeenSince"] = firstSeenSince?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["state"] = state == "active" ? null : state, ["sort"] = sort.NullIfBlank(), ["order"] = order.NullIfBlank(),
            }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
            Filters = ApiNames.Where(n => Asked.ContainsKey(n.Page)).ToDictionary(n => n.Api, n => Asked[n.Page]);
            if (state == "gone") Filters["gone"] = "true";
            else if (state == "all") Filters["include_deleted"] = "true";
            Accounts = await ledger.HandleAsync(workspace, ListRequest.Of(
                [.. Filters.Select(f => (f.Key, f.Value)), ("limit", PageSize.ToString(CultureInfo.InvariantCulture)),
                    ("page", (page ?? 1).ToString(CultureInfo.InvariantCulture))]), ct);
        }, async () =>
        {
            Instances = (await instances.HandleAsync(workspace, ListRequest.Of(("limit", "200")), ct)).Items;
            Tags = await tags.AllAsync(workspace, ct);
            Classifications = (await classifications.HandleAsync(workspace, ListRequest.Of(("limit", "200")), ct)).Items;
        }, ct);

    public string State => Asked.GetValueOrDefault("state") ?? "active";

    /// <summary>The API's CSV export of the same view.</summary>
    public string ExportLink => $"/api/v1/workspaces/{Workspace.Slug}/accounts/actions/export"
        + QueryString.Create(Filters.Select(f => KeyValuePair.Create(f.Key, (string?)f.Value)));

    /// <summary>This page with the current filters and another page number.</summary>
    public string PageLink(int page) => QueryLink(("page", page.ToString(CultureInfo.InvariantCulture)));

    /// <summary>A column's heading link: sorts by it, and a second click turns the order round.</summary>
    public string SortLink(string column) =>
        QueryLink(("sort", column), ("order", NextOrder(column, Asked.GetValueOrDefault("sort") ?? "name", Asked.GetValueOrDefault("order"))));

    /// <summary>"▲" or "▼" beside the column the ledger is sorted by.</summary>
    public string SortMark(string column) => SortMark(column, Asked.GetValueOrDefault("sort") ?? "name", Asked.GetValueOrDefault("order"));

    private string QueryLink(params (string Name, string Value)[] changed)
    {
        var parameters = Asked.Where(p => p.Key != "page").ToDictionary(p => p.Key, p => (string?)p.Value);
        foreach (var (name, value) in changed) parameters[name] = value;
        return QueryString.Create(parameters).ToString();
    }
}
