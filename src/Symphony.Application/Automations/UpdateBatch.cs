using System.Text.Json;
using FluentValidation;
using Symphony.Application.Common;
using Symphony.Domain.Access;

namespace Symphony.Application.Automations;

/// <summary>Null fields are left as they are; a new payload must match the batch schema.</summary>
public sealed record UpdateBatchCommand(string? Name = null, JsonElement? Payload = null, int? Version = null);

public sealed class UpdateBatchValidator : AbstractValidator<UpdateBatchCommand>
{
    public UpdateBatchValidator()
    {
        RuleFor(c => c.Name!).ResourceName().When(c => c.Name is not null);
        RuleFor(c => c.Version).RequiredVersion();
    }
}

public sealed class UpdateBatchHandler(IApplicationDbContext db, AutomationLookup lookup, UpdateBatchValidator validator)
{
    public async Task<BatchDto> HandleAsync(string workspace, Guid automationId, Guid batchId, UpdateBatchCommand command, CancellationToken ct)
    {
        var (automation, batch) = await lookup.BatchAsync(workspace, automationId, batchId, Permission.WriteWorkspace, ct);
        automation.EnsureBatchesEditable();
        await validator.EnsureValidAsync(command, ct);
        db.ExpectVersion(batch, command.Version!.Value);
        if (command.Payload is { } payload)
        {
            Payloads.EnsureMatches(Payloads.StoredSchema(automation.BatchSchema), payload, "payload");
            batch.Payload = payload.GetRawText();
        }
        batch.Name = await db.Batches.Where(b => b.AutomationId == automation.Id).RenameAsync(batch.Name, command.Name, "Batch", "automation", ct);
        await db.SaveChangesAsync(ct);
        return BatchDto.From(batch);
    }
}
