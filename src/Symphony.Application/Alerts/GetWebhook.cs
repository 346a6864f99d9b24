using Symphony.Application.Workspaces;
using Symphony.Domain.Alerts;
using Symphony.Domain.Identity;

namespace Symphony.Application.Alerts;

public sealed class GetWebhookHandler(WorkspaceLookup lookup)
{
    public async Task<WebhookDto> HandleAsync(string workspace, Guid id, CancellationToken ct) =>
        WebhookDto.From(await lookup.FindAsync<Webhook>(workspace, id, Permission.ReadWorkspace, ct));
}
