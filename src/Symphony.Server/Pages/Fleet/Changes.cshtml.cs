using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Application.Fleet.Tags;
using Symphony.Application.Workspaces;

namespace Symphony.Server.Pages.Fleet;

/// <summary>
/// What changed on the workspace's accounts: the change feed in sentences, filtered by instance, tag, kind, time range
/// and risk, newest first, with the same view as CSV.
/// </summary>
public sealed class ChangesModel(GetWorkspaceHandler getWorkspace, ListAccountChangesHandler changes, ListInstancesHandler instances, ListTagsHandler tags)
    : WorkspacePage(getWorkspace)
{
    /// <summary>The filters as the API names them, blank ones left out.</summary>
    public IReadOnlyDictionary<string, string> Filters { get; private set; } = new Dictionary<string, string>();
    public PagedResult<AccountChangeDto> Changes { get; private set; } = new([], 0, 1, 0, 50);
    public IReadOnlyDictionary<Guid, string> InstanceNames { get; private set; } = new Dictionary<Guid, string>();
    public IReadOnlyList<TagDto> Tags { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(
        string workspace, Guid? instance, string? tag, string? kind, DateOnly? since, DateOnly? until, int? minRisk, int? page, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var filters = new Dictionary<string, string?>
            {
                ["instance_id"] = instance?.ToString(), ["tag"] = tag.NullIfBlank(), ["kind"] = kind.NullIfBlank(),
                ["since"] = since?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                // "Until" a day includes it: the API's until is exclusive.
                ["until"] = until?.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["min_risk"] = minRisk?.ToString(CultureInfo.InvariantCulture),
            }.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!);
            Filters = filters;
            (Since, Until, PageNumber) = (since, until, page ?? 1);
            Changes = await changes.HandleAsync(workspace,
                ListRequest.Of([.. filters.Select(f => (f.Key, f.Value)), ("limit", "50"), ("page", PageNumber.ToString(CultureInfo.InvariantCulture))]), ct);
        }, async () =>
        {
            InstanceNames = (await instances.HandleAsync(workspace, ListRequest.Of(("limit", "200"), ("include_deleted", "true")), ct)).Items
                .ToDictionary(i => i.Id, i => i.Name);
            Tags = await tags.AllAsync(workspace, ct);
        }, ct);

    public DateOnly? Since { get; private set; }
    public DateOnly? Until { get; private set; }
    public int PageNumber { get; private set; } = 1;

    /// <summary>The API's CSV export of the same view.</summary>
    public string ExportLink => $"/api/v1/workspaces/{Workspace.Slug}/account-changes/actions/export" + QueryString.Create(Filters.Select(f => KeyValuePair.Create(f.Key, (string?)f.Value)));

    /// <summary>This page with the current filters and another page number.</summary>
    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["instance"] = Filters.GetValueOrDefault("instance_id"), ["tag"] = Filters.GetValueOrDefault("tag"), ["kind"] = Filters.GetValueOrDefault("kind"),
        ["since"] = Since?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["until"] = Until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["minRisk"] = Filters.GetValueOrDefault("min_risk"), ["page"] = page.ToString(CultureInfo.InvariantCulture),
    }.Where(p => p.Value is not null)).ToString();
}
