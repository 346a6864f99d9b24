using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Alerts;
using Symphony.Domain.Audit;

namespace Symphony.Application.Alerts;

/// <summary>Soft-deletes a webhook and erases its secret: deliveries still waiting fail at their next attempt.</summary>
public sealed class DeleteWebhookHandler(IApplicationDbContext db, WorkspaceLookup lookup, AuditLog audit)
{
    public async Task HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        var webhook = await lookup.FindAsync<Webhook>(workspace, id, Permission.ManageWorkspace, ct);
        (webhook.WrappedKey, webhook.SecretCiphertext) = ([], []);
        db.Webhooks.Remove(webhook);
        audit.Record(AuditActions.WebhookDeleted, "webhook", webhook.Id, webhook.WorkspaceId, new { name = webhook.Name });
        await db.SaveChangesAsync(ct);
    }
}
