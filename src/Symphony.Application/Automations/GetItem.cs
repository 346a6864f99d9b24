using Symphony.Domain.Access;

namespace Symphony.Application.Automations;

public sealed class GetItemHandler(AutomationLookup lookup)
{
    public async Task<ItemDto> HandleAsync(string workspace, Guid automationId, Guid batchId, Guid itemId, CancellationToken ct) =>
        ItemDto.From((await lookup.ItemAsync(workspace, automationId, batchId, itemId, Permission.ReadWorkspace, ct)).Item);
}
