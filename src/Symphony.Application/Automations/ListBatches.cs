using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Automations;

namespace Symphony.Application.Automations;

public sealed class ListBatchesHandler(IApplicationDbContext db, AutomationLookup lookup)
{
    public static ListDefinition<Batch> Definition { get; } = new ListDefinition<Batch>()
        .Filter("search", v =>
        {
            var term = FilterValues.Text(v).ToLowerInvariant();
            return new(b => b.Name.ToLower().Contains(term));
        })
        .AllowIncludeDeleted()
        .Sort("name", b => b.Name, isDefault: true)
        .Sort("created_at", b => b.CreatedAt);

    public async Task<PagedResult<BatchDto>> HandleAsync(string workspace, Guid automationId, ListRequest request, CancellationToken ct)
    {
        var automation = await lookup.AutomationAsync(workspace, automationId, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.Batches, request, b => b, ct, new Specification<Batch>(b => b.AutomationId == automation.Id));
        return new PagedResult<BatchDto>(page.Items.Select(BatchDto.From).ToList(), page.Total, page.Page, page.Pages, page.Limit);
    }
}
