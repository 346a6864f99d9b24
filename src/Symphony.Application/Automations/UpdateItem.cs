using System.Text.Json;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Common;

namespace Symphony.Application.Automations;

/// <summary>Null fields are left as they are; a new payload must match the item schema.</summary>
public sealed record UpdateItemCommand(int? SequenceNumber = null, JsonElement? Payload = null, int? Version = null);

public sealed class UpdateItemValidator : AbstractValidator<UpdateItemCommand>
{
    public UpdateItemValidator()
    {
        RuleFor(c => c.SequenceNumber).GreaterThanOrEqualTo(0);
        RuleFor(c => c.Version).RequiredVersion();
    }
}

public sealed class UpdateItemHandler(IApplicationDbContext db, AutomationLookup lookup, UpdateItemValidator validator)
{
    public async Task<ItemDto> HandleAsync(string workspace, Guid automationId, Guid batchId, Guid itemId, UpdateItemCommand command, CancellationToken ct)
    {
        var (automation, item) = await lookup.ItemAsync(workspace, automationId, batchId, itemId, Permission.WriteWorkspace, ct);
        automation.EnsureBatchesEditable();
        await validator.EnsureValidAsync(command, ct);
        db.ExpectVersion(item, command.Version!.Value);
        if (command.Payload is { } payload)
        {
            Payloads.EnsureMatches(Payloads.StoredSchema(automation.ItemSchema), payload, "payload");
            item.Payload = payload.GetRawText();
        }
        if (command.SequenceNumber is { } sequence && sequence != item.SequenceNumber)
        {
            if (await db.Items.AnyAsync(i => i.BatchId == item.BatchId && i.SequenceNumber == sequence, ct))
                throw DomainException.NameExists("sequence_number", $"Sequence number {sequence} is taken in this batch.");
            item.SequenceNumber = sequence;
        }
        await db.SaveChangesAsync(ct);
        return ItemDto.From(item);
    }
}
