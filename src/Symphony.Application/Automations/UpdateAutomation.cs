using System.Text.Json;
using FluentValidation;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;

namespace Symphony.Application.Automations;

/// <summary>
/// Null fields are left as they are. A schema is replaced by the one given; to accept any payload again,
/// set it to <c>true</c>. Stored batches and items are checked against the schemas again when a run starts.
/// </summary>
public sealed record UpdateAutomationCommand(
    string? Name = null, string? Description = null, string? HandlerKind = null, JsonElement? HandlerConfig = null,
    JsonElement? BatchSchema = null, JsonElement? ItemSchema = null, int? MaxAttempts = null, int? MaxConcurrency = null,
    int? RetryDelaySeconds = null, int? Version = null);

public sealed class UpdateAutomationValidator : AbstractValidator<UpdateAutomationCommand>
{
    public UpdateAutomationValidator()
    {
        RuleFor(c => c.Name!).ResourceName().When(c => c.Name is not null);
        RuleFor(c => c.HandlerKind).KnownHandler();
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
        RuleFor(c => c.HandlerConfig).JsonObjectValue();
        AutomationRules.Limits(this, c => c.MaxAttempts, c => c.MaxConcurrency, c => c.RetryDelaySeconds);
        RuleFor(c => c.Version).RequiredVersion();
    }
}

public sealed class UpdateAutomationHandler(IApplicationDbContext db, AutomationLookup lookup, UpdateAutomationValidator validator, ItemExecutors executors,
    AuditLog audit)
{
    public async Task<AutomationDto> HandleAsync(string workspace, Guid id, UpdateAutomationCommand command, CancellationToken ct)
    {
        var automation = await lookup.AutomationAsync(workspace, id, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        Payloads.Schema(command.BatchSchema, "batch_schema");
        Payloads.Schema(command.ItemSchema, "item_schema");
        db.ExpectVersion(automation, command.Version!.Value);
        if (Changes(automation, command) is { } change) automation.EnsureNotBuiltIn($"changing its {change}");
        if (command.Name is not null && command.Name != automation.Name)
        {
            if (AutomationRules.IsReserved(command.Name)) throw DomainException.Validation("name", AutomationRules.ReservedName);
            await db.Automations.Where(a => a.WorkspaceId == automation.WorkspaceId).EnsureNameFreeAsync(command.Name, "Automation", "workspace", ct);
            automation.Name = command.Name;
        }
        if (command.Description is not null) automation.Description = command.Description;
        if (command.HandlerKind is not null) automation.HandlerKind = command.HandlerKind;
        if (command.HandlerConfig is { } config) automation.HandlerConfig = config.GetRawText();
        if (command.BatchSchema is { } batchSchema) automation.BatchSchema = batchSchema.GetRawText();
        if (command.ItemSchema is { } itemSchema) automation.ItemSchema = itemSchema.GetRawText();
        if (command.MaxAttempts is { } attempts) automation.MaxAttempts = attempts;
        if (command.MaxConcurrency is { } concurrency) automation.MaxConcurrency = concurrency;
        if (command.RetryDelaySeconds is { } delay) automation.RetryDelaySeconds = delay;
        // Kind and config are checked together: changing either must leave a config the executor can work with.
        executors.EnsureValidConfig(automation.HandlerKind, Payloads.Parse(automation.HandlerConfig));
        audit.Record(AuditActions.AutomationUpdated, "automation", automation.Id, automation.WorkspaceId,
            new { name = automation.Name, handler_kind = automation.HandlerKind, handler_config_changed = command.HandlerConfig is not null });
        await db.SaveChangesAsync(ct);
        return AutomationDto.From(automation);
    }

    /// <summary>The first field the command changes beyond the tuning settings, or null.</summary>
    private static string? Changes(Domain.Automations.Automation automation, UpdateAutomationCommand command) =>
        command.Name is not null && command.Name != automation.Name ? "name"
        : command.Description is not null && command.Description != automation.Description ? "description"
        : command.HandlerKind is not null && command.HandlerKind != automation.HandlerKind ? "handler_kind"
        : Differs(command.HandlerConfig, automation.HandlerConfig) ? "handler_config"
        : Differs(command.BatchSchema, automation.BatchSchema) ? "batch_schema"
        : Differs(command.ItemSchema, automation.ItemSchema) ? "item_schema"
        : null;

    private static bool Differs(JsonElement? given, string? stored) =>
        given is { } value && (stored is null || !JsonElement.DeepEquals(value, Payloads.Parse(stored)));
}
