using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Automations;

namespace Symphony.Application.Automations;

public sealed class ListItemsHandler(IApplicationDbContext db, AutomationLookup lookup)
{
    public static ListDefinition<Item> Definition { get; } = new ListDefinition<Item>()
        .Filter("sequence_from", v =>
        {
            var from = int.TryParse(v, out var n) ? n : throw new FormatException("sequence_from must be an integer.");
            return new(i => i.SequenceNumber >= from);
        })
        .Filter("sequence_to", v =>
        {
            var to = int.TryParse(v, out var n) ? n : throw new FormatException("sequence_to must be an integer.");
            return new(i => i.SequenceNumber <= to);
        })
        .AllowIncludeDeleted()
        .Sort("sequence_number", i => i.SequenceNumber, isDefault: true)
        .Sort("created_at", i => i.CreatedAt);

    public async Task<PagedResult<ItemDto>> HandleAsync(string workspace, Guid automationId, Guid batchId, ListRequest request, CancellationToken ct)
    {
        var (_, batch) = await lookup.BatchAsync(workspace, automationId, batchId, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.Items, request, i => i, ct, new Specification<Item>(i => i.BatchId == batch.Id));
        return new PagedResult<ItemDto>(page.Items.Select(ItemDto.From).ToList(), page.Total, page.Page, page.Pages, page.Limit);
    }
}
