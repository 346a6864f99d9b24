using Symphony.Domain.Access;

namespace Symphony.Application.Automations;

public sealed class GetBatchHandler(AutomationLookup lookup)
{
    public async Task<BatchDto> HandleAsync(string workspace, Guid automationId, Guid batchId, CancellationToken ct) =>
        BatchDto.From((await lookup.BatchAsync(workspace, automationId, batchId, Permission.ReadWorkspace, ct)).Batch);
}
