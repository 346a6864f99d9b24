using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Vaults;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Alerts;
using Symphony.Domain.Audit;

namespace Symphony.Application.Alerts;

/// <summary>Changes a webhook; a secret given replaces the stored one (it is never read back).</summary>
public sealed record UpdateWebhookCommand(
    string? Name = null, string? Url = null, IReadOnlyList<string>? Events = null, string? Secret = null, int? MinRiskLevel = null, bool? Enabled = null,
    int? Version = null);

public sealed class UpdateWebhookValidator : AbstractValidator<UpdateWebhookCommand>
{
    public UpdateWebhookValidator()
    {
        RuleFor(c => c.Name!).ResourceName().When(c => c.Name is not null);
        RuleFor(c => c.Url).WebhookUrl();
        RuleFor(c => c.Events).AlertEventList();
        RuleFor(c => c.Secret).WebhookSecret();
        RuleFor(c => c.MinRiskLevel).InclusiveBetween(1, 6);
        RuleFor(c => c.Version).RequiredVersion();
    }
}

public sealed class UpdateWebhookHandler(
    IApplicationDbContext db, WorkspaceLookup lookup, UpdateWebhookValidator validator, EgressPolicy egress, ISecretProtector protector, AuditLog audit, TimeProvider clock)
{
    public async Task<WebhookDto> HandleAsync(string workspace, Guid id, UpdateWebhookCommand command, CancellationToken ct)
    {
        var webhook = await lookup.FindAsync<Webhook>(workspace, id, Permission.ManageWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        db.ExpectVersion(webhook, command.Version!.Value);
        if (command.Url is not null) egress.EnsureAllowed(new Uri(command.Url), "url");
        webhook.Name = await db.Webhooks.Where(w => w.WorkspaceId == webhook.WorkspaceId).RenameAsync(webhook.Name, command.Name, "Webhook", "workspace", ct);
        if (command.Url is not null) webhook.Url = command.Url;
        if (command.Events is not null) webhook.Events = Webhook.JoinEvents(command.Events);
        if (command.MinRiskLevel is { } risk) webhook.MinRiskLevel = risk;
        if (command.Enabled is { } enabled) webhook.IsEnabled = enabled;
        if (command.Secret is not null) WebhookRules.StoreSecret(webhook, command.Secret, protector, clock.GetUtcNow().UtcDateTime);
        audit.Record(AuditActions.WebhookUpdated, "webhook", webhook.Id, webhook.WorkspaceId,
            new { name = webhook.Name, origin = webhook.Origin, events = webhook.EventList, enabled = webhook.IsEnabled, url_changed = command.Url is not null, secret_changed = command.Secret is not null });
        await db.SaveChangesAsync(ct);
        return WebhookDto.From(webhook, showUrl: true);
    }
}
