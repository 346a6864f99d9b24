using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet.Tags;

public sealed class ListTagsHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public static ListDefinition<Tag> Definition { get; } = new ListDefinition<Tag>()
        .Filter("search", v =>
        {
            var term = FilterValues.Text(v).ToLowerInvariant();
            return new(t => t.Code.Contains(term) || t.DisplayName.ToLower().Contains(term));
        })
        .Filter("category", v =>
        {
            var category = FilterValues.Text(v, 50);
            return new(t => t.Category == category);
        })
        .Sort("code", t => t.Code, isDefault: true)
        .Sort("display_name", t => t.DisplayName)
        .Sort("category", t => t.Category)
        .Sort("created_at", t => t.CreatedAt);

    /// <summary>Every tag of the workspace (at most <see cref="Tag.MaxPerWorkspace"/>), for pickers.</summary>
    public async Task<IReadOnlyList<TagDto>> AllAsync(string workspace, CancellationToken ct)
    {
        var all = new List<TagDto>();
        for (var page = 1; ; page++)
        {
            var next = await HandleAsync(workspace, ListRequest.Of(("limit", ListDefinition<Tag>.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture))), ct);
            all.AddRange(next.Items);
            if (page >= next.Pages) return all;
        }
    }

    public async Task<PagedResult<TagDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.Tags, request, t => t, ct, new Specification<Tag>(t => t.WorkspaceId == scope.Id));
        var counts = await TagRules.InstanceCountsAsync(db, page.Items.Select(t => t.Id).ToList(), ct);
        return new PagedResult<TagDto>(page.Items.Select(t => TagDto.From(t, counts.GetValueOrDefault(t.Id))).ToList(), page.Total, page.Page, page.Pages, page.Limit);
    }
}
