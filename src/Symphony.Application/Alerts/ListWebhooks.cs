using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Alerts;

namespace Symphony.Application.Alerts;

public sealed class ListWebhooksHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public static ListDefinition<Webhook> Definition { get; } = new ListDefinition<Webhook>()
        .Filter("enabled", v =>
        {
            var enabled = FilterValues.Bool(v);
            return new(w => w.IsEnabled == enabled);
        })
        .Sort("name", w => w.Name, isDefault: true)
        .Sort("created_at", w => w.CreatedAt);

    public async Task<PagedResult<WebhookDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var (scope, owner) = await access.RequireAsync(workspace, Permission.ReadWorkspace, Permission.ManageWorkspace, ct);
        var page = await Definition.ToPageAsync(db.Webhooks, request, w => w, ct, new Specification<Webhook>(w => w.WorkspaceId == scope.Id));
        return new PagedResult<WebhookDto>([.. page.Items.Select(w => WebhookDto.From(w, showUrl: owner))], page.Total, page.Page, page.Pages, page.Limit);
    }
}
