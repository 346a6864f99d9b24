using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Alerts;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;

namespace Symphony.Server.Pages.Alerts;

/// <summary>The workspace's webhooks; its owners add them (the secret is a password field, never shown again).</summary>
public sealed class WebhooksModel(GetWorkspaceHandler getWorkspace, ListWebhooksHandler list, CreateWebhookHandler create) : WorkspacePage(getWorkspace)
{
    public PagedResult<WebhookDto> Webhooks { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public WebhookForm Form { get; private set; } = new();

    public Task<IActionResult> OnGetAsync(string workspace, CancellationToken ct) => RunAsync(workspace, null, () => LoadAsync(workspace, ct), ct);

    public async Task<IActionResult> OnPostCreateAsync(string workspace, WebhookForm form, CancellationToken ct)
    {
        WebhookDto? created = null;
        var page = await RunAsync(workspace, async () =>
        {
            created = await create.HandleAsync(workspace, form.Create(), ct);
            Message = this.Say("Webhook '{0}' created; send it a test event to see it arrive.", created.Name);
        }, () => LoadAsync(workspace, ct), ct, after: null);
        if (created is null) Form = form.Refused();
        return created is null ? page : Redirect($"/workspaces/{Workspace.Slug}/webhooks/{created.Id}");
    }

    private async Task LoadAsync(string workspace, CancellationToken ct)
    {
        Webhooks = await list.HandleAsync(workspace, ListRequest.Of(("limit", "100")), ct);
        CanManage = await AllowsAsync(Permission.ManageWorkspace, ct);
    }
}
