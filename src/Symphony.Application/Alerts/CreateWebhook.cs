using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Vaults;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Alerts;
using Symphony.Domain.Audit;

namespace Symphony.Application.Alerts;

public sealed record CreateWebhookCommand(
    string Name, string? Url = null, IReadOnlyList<string>? Events = null, string? Secret = null, int? MinRiskLevel = null, bool? Enabled = null);

public sealed class CreateWebhookValidator : AbstractValidator<CreateWebhookCommand>
{
    public CreateWebhookValidator()
    {
        RuleFor(c => c.Name).ResourceName();
        RuleFor(c => c.Url).NotEmpty().WithMessage("url is required.").WebhookUrl();
        RuleFor(c => c.Events).NotNull().WithMessage("events is required.").AlertEventList();
        RuleFor(c => c.Secret).NotEmpty().WithMessage("secret is required.").WebhookSecret();
        RuleFor(c => c.MinRiskLevel).InclusiveBetween(1, 6);
    }
}

/// <summary>A webhook of the workspace (owners): its URL must pass the egress policy now, and again at every delivery.</summary>
public sealed class CreateWebhookHandler(
    IApplicationDbContext db, WorkspaceAccess access, CreateWebhookValidator validator, EgressPolicy egress, ISecretProtector protector, AuditLog audit, TimeProvider clock)
{
    public async Task<WebhookDto> HandleAsync(string workspace, CreateWebhookCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ManageWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        egress.EnsureAllowed(new Uri(command.Url!), "url");
        await db.Webhooks.Where(w => w.WorkspaceId == scope.Id).EnsureRoomForAsync(command.Name, Webhook.MaxPerWorkspace, "Webhook", "webhooks", "workspace", ct);

        var webhook = new Webhook
        {
            WorkspaceId = scope.Id, Name = command.Name, Url = command.Url!, Events = Webhook.JoinEvents(command.Events!),
            MinRiskLevel = command.MinRiskLevel ?? 1, IsEnabled = command.Enabled ?? true, KeyId = "", WrappedKey = [], SecretCiphertext = [],
        };
        WebhookRules.StoreSecret(webhook, command.Secret!, protector, clock.GetUtcNow().UtcDateTime);
        db.Webhooks.Add(webhook);
        audit.Record(AuditActions.WebhookCreated, "webhook", webhook.Id, scope.Id, new { name = webhook.Name, origin = webhook.Origin, events = webhook.EventList });
        await db.SaveChangesAsync(ct);
        return WebhookDto.From(webhook, showUrl: true);
    }
}
