using System.Text.Json;
using FluentValidation;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Automations;

namespace Symphony.Application.Automations;

public sealed record CreateBatchCommand(string Name, JsonElement? Payload = null);

public sealed class CreateBatchValidator : AbstractValidator<CreateBatchCommand>
{
    public CreateBatchValidator() => RuleFor(c => c.Name).ResourceName();
}

/// <summary>Creates a batch; its payload must match the automation's batch schema (422 otherwise).</summary>
public sealed class CreateBatchHandler(IApplicationDbContext db, AutomationLookup lookup, CreateBatchValidator validator)
{
    public async Task<BatchDto> HandleAsync(string workspace, Guid automationId, CreateBatchCommand command, CancellationToken ct)
    {
        var automation = await lookup.AutomationAsync(workspace, automationId, Permission.WriteWorkspace, ct);
        automation.EnsureBatchesEditable();
        await validator.EnsureValidAsync(command, ct);
        Payloads.EnsureMatches(Payloads.StoredSchema(automation.BatchSchema), command.Payload, "payload");
        await db.Batches.Where(b => b.AutomationId == automation.Id).EnsureNameFreeAsync(command.Name, "Batch", "automation", ct);
        var batch = new Batch { AutomationId = automation.Id, Name = command.Name, Payload = Payloads.Text(command.Payload) };
        db.Batches.Add(batch);
        await db.SaveChangesAsync(ct);
        return BatchDto.From(batch);
    }
}
