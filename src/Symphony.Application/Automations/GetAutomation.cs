using Symphony.Domain.Access;

namespace Symphony.Application.Automations;

public sealed class GetAutomationHandler(AutomationLookup lookup)
{
    public async Task<AutomationDto> HandleAsync(string workspace, Guid id, CancellationToken ct) =>
        AutomationDto.From(await lookup.AutomationAsync(workspace, id, Permission.ReadWorkspace, ct));
}
