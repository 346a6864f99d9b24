using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Alerts;

namespace Symphony.Application.Alerts;

public sealed class GetWebhookHandler(WorkspaceAccess access, WorkspaceLookup lookup)
{
    public async Task<WebhookDto> HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        var (scope, owner) = await access.RequireAsync(workspace, Permission.ReadWorkspace, Permission.ManageWorkspace, ct);
        return WebhookDto.From(await lookup.FindInAsync<Webhook>(scope.Id, id, ct), showUrl: owner);
    }
}
