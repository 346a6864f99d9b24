using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Classifications;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Application.Fleet.Tags;
using Symphony.Application.Workspaces;

namespace Symphony.Server.Pages.Classifications;

/// <summary>Every account of the workspace, with filters by where it is, what it is and what it can do.</summary>
public sealed class LedgerModel(
    GetWorkspaceHandler getWorkspace, SearchLedgerHandler ledger, ListInstancesHandler instances, ListTagsHandler tags, ListClassificationsHandler classifications)
    : WorkspacePage(getWorkspace)
{
    public LedgerQuery Query { get; private set; } = new();
    public PagedResult<LedgerAccountDto> Accounts { get; private set; } = new([], 0, 1, 0, SearchLedgerHandler.PageSize);
    public IReadOnlyList<InstanceDto> Instances { get; private set; } = [];
    public IReadOnlyList<TagDto> Tags { get; private set; } = [];
    public IReadOnlyList<ClassificationDto> Classifications { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(
        string workspace, string? search, Guid? instance, string? tag, string? dbType, string? classification, int? minRisk,
        string? capability, bool? classified, string? state, int? page, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            Query = new LedgerQuery(search.NullIfBlank(), instance, tag.NullIfBlank(), dbType.NullIfBlank(), classification.NullIfBlank(), minRisk,
                Superuser: capability == "superuser" ? true : null, CanLogin: capability == "can_login" ? true : null, Locked: capability == "locked" ? true : null,
                Classified: classified, State: state.NullIfBlank() ?? "active", Page: page ?? 1);
            Capability = capability;
            Accounts = await ledger.HandleAsync(workspace, Query, ct);
        }, async () =>
        {
            Instances = (await instances.HandleAsync(workspace, ListRequest.Of(("limit", "200")), ct)).Items;
            Tags = await tags.AllAsync(workspace, ct);
            Classifications = (await classifications.HandleAsync(workspace, ListRequest.Of(("limit", "200")), ct)).Items;
        }, ct);

    public string? Capability { get; private set; }

    /// <summary>This page's address with the current filters and another page number.</summary>
    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["search"] = Query.Search, ["instance"] = Query.InstanceId?.ToString(), ["tag"] = Query.Tag, ["dbType"] = Query.DbType,
        ["classification"] = Query.Classification, ["minRisk"] = Query.MinRisk?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["capability"] = Capability, ["state"] = Query.State, ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => p.Value is not null)).ToString();
}
