using System.Text.Json;
using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Automations;

namespace Symphony.Application.Automations;

public sealed record CreateAutomationCommand(
    string Name, string HandlerKind, string? Description = null, JsonElement? HandlerConfig = null,
    JsonElement? BatchSchema = null, JsonElement? ItemSchema = null, int? MaxAttempts = null, int? MaxConcurrency = null,
    int? RetryDelaySeconds = null);

public sealed class CreateAutomationValidator : AbstractValidator<CreateAutomationCommand>
{
    public CreateAutomationValidator()
    {
        RuleFor(c => c.Name).ResourceName().NotBuiltInName();
        RuleFor(c => c.HandlerKind).NotEmpty().KnownHandler();
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
        RuleFor(c => c.HandlerConfig).JsonObjectValue();
        AutomationRules.Limits(this, c => c.MaxAttempts, c => c.MaxConcurrency, c => c.RetryDelaySeconds);
    }
}

public sealed class CreateAutomationHandler(IApplicationDbContext db, WorkspaceAccess access, CreateAutomationValidator validator, ItemExecutors executors,
    AuditLog audit)
{
    public async Task<AutomationDto> HandleAsync(string workspace, CreateAutomationCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        Payloads.Schema(command.BatchSchema, "batch_schema");
        Payloads.Schema(command.ItemSchema, "item_schema");
        executors.EnsureValidConfig(command.HandlerKind, command.HandlerConfig ?? Payloads.Parse("{}"));
        await db.Automations.Where(a => a.WorkspaceId == scope.Id).EnsureNameFreeAsync(command.Name, "Automation", "workspace", ct);

        var automation = new Automation
        {
            WorkspaceId = scope.Id,
            Name = command.Name,
            Description = command.Description,
            HandlerKind = command.HandlerKind,
            HandlerConfig = command.HandlerConfig?.GetRawText() ?? "{}",
            BatchSchema = command.BatchSchema?.GetRawText(),
            ItemSchema = command.ItemSchema?.GetRawText(),
            MaxAttempts = command.MaxAttempts ?? 3,
            MaxConcurrency = command.MaxConcurrency ?? 4,
            RetryDelaySeconds = command.RetryDelaySeconds ?? 2,
        };
        db.Automations.Add(automation);
        audit.Record(AuditActions.AutomationCreated, "automation", automation.Id, scope.Id, new { name = automation.Name, handler_kind = automation.HandlerKind });
        await db.SaveChangesAsync(ct);
        return AutomationDto.From(automation);
    }
}
