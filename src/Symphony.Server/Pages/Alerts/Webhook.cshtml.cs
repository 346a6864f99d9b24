using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Alerts;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;

namespace Symphony.Server.Pages.Alerts;

/// <summary>One webhook: edit it, send it a test event, delete it (owners); its deliveries with status, attempts and the answer.</summary>
public sealed class WebhookModel(
    GetWorkspaceHandler getWorkspace, GetWebhookHandler get, UpdateWebhookHandler update, DeleteWebhookHandler delete, SendWebhookTestHandler test,
    ListWebhookDeliveriesHandler deliveries) : WorkspacePage(getWorkspace)
{
    public WebhookDto Webhook { get; private set; } = null!;
    public PagedResult<WebhookDeliveryDto> Deliveries { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public WebhookForm Form { get; private set; } = null!;
    public bool FormRefused { get; private set; }

    public Task<IActionResult> OnGetAsync(string workspace, Guid id, CancellationToken ct) => RunAsync(workspace, null, () => LoadAsync(workspace, id, ct), ct);

    public async Task<IActionResult> OnPostEditAsync(string workspace, Guid id, WebhookForm form, CancellationToken ct)
    {
        var page = await RunAsync(workspace, async () =>
        {
            // An unchanged URL is not sent: a change of it is audited as one.
            var saved = await update.HandleAsync(workspace, id, form.Update() with { Url = form.Url == (await get.HandleAsync(workspace, id, ct)).Url ? null : form.Url }, ct);
            Message = this.Say("Webhook '{0}' saved.", saved.Name);
        }, () => LoadAsync(workspace, id, ct), ct);
        if (IsError) (Form, FormRefused) = (form.Refused(), true);
        return page;
    }

    public Task<IActionResult> OnPostTestAsync(string workspace, Guid id, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            await test.HandleAsync(workspace, id, ct);
            Message = this.Say("A test event is on its way; its delivery is at the top of the list below (reload to follow it).");
        }, () => LoadAsync(workspace, id, ct), ct);

    public async Task<IActionResult> OnPostDeleteAsync(string workspace, Guid id, CancellationToken ct)
    {
        var deleted = false;
        var page = await RunAsync(workspace, async () =>
        {
            var name = (await get.HandleAsync(workspace, id, ct)).Name;
            await delete.HandleAsync(workspace, id, ct);
            deleted = true;
            TempData[NoticeKey] = this.Say("Webhook '{0}' deleted; nothing more is sent to it.", name);
        }, () => deleted ? Task.CompletedTask : LoadAsync(workspace, id, ct), ct);
        return deleted ? Redirect($"/workspaces/{Workspace.Slug}/webhooks") : page;
    }

    private async Task LoadAsync(string workspace, Guid id, CancellationToken ct)
    {
        Webhook = await get.HandleAsync(workspace, id, ct);
        Form = WebhookForm.Of(Webhook);
        Deliveries = await deliveries.HandleAsync(workspace, id, ListRequest.Of(("limit", "50")), ct);
        CanManage = await AllowsAsync(Permission.ManageWorkspace, ct);
    }
}
