using System.Text.Json;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;

namespace Symphony.Application.Automations;

/// <summary>One new item. Without a sequence number it goes after the batch's last item.</summary>
public sealed record NewItem(int? SequenceNumber = null, JsonElement? Payload = null);

public sealed record CreateItemsCommand(IReadOnlyList<NewItem> Items);

public sealed class CreateItemsValidator : AbstractValidator<CreateItemsCommand>
{
    public const int MaxItems = 1000;

    public CreateItemsValidator()
    {
        RuleFor(c => c.Items).NotNull().WithMessage("items is required.").NotEmptyList("items")
            .Must(items => items is null || items.Count <= MaxItems).WithMessage($"At most {MaxItems} items per request.");
        RuleForEach(c => c.Items).NotNull().WithMessage("Each item must be an object, not null.")
            .ChildRules(item => item.RuleFor(i => i.SequenceNumber).GreaterThanOrEqualTo(0));
        RuleFor(c => c.Items).Must(items => items.Where(i => i?.SequenceNumber is not null).GroupBy(i => i.SequenceNumber).All(g => g.Count() == 1))
            .WithMessage("Sequence numbers must be unique.");
    }
}

/// <summary>
/// Creates one or many items of a batch, all or nothing: every payload must match the item schema and every
/// sequence number must be free, or nothing is written and each failure is named (422 or 409).
/// </summary>
public sealed class CreateItemsHandler(IApplicationDbContext db, AutomationLookup lookup, CreateItemsValidator validator)
{
    public Task<IReadOnlyList<ItemDto>> HandleAsync(string workspace, Guid automationId, Guid batchId, CreateItemsCommand command, CancellationToken ct) =>
        CreateAsync(workspace, automationId, batchId, command, index => $"items[{index}].", ct);

    /// <summary>One item, with its problems named as the fields of the single-item body.</summary>
    public async Task<ItemDto> HandleOneAsync(string workspace, Guid automationId, Guid batchId, NewItem item, CancellationToken ct) =>
        (await CreateAsync(workspace, automationId, batchId, new CreateItemsCommand([item]), _ => "", ct))[0];

    private async Task<IReadOnlyList<ItemDto>> CreateAsync(
        string workspace, Guid automationId, Guid batchId, CreateItemsCommand command, Func<int, string> fieldPrefix, CancellationToken ct)
    {
        var (automation, batch) = await lookup.BatchAsync(workspace, automationId, batchId, Permission.WriteWorkspace, ct);
        automation.EnsureBatchesEditable();
        await validator.EnsureValidAsync(command, ct);

        var schema = Payloads.StoredSchema(automation.ItemSchema);
        if (schema is not null)
        {
            var failures = command.Items
                .SelectMany((item, index) => Payloads.Failures(schema, item.Payload, fieldPrefix(index) + "payload"))
                .ToList();
            if (failures.Count > 0)
                throw new DomainException(MessageCodes.SchemaValidationFailed,
                    $"{failures.Count} payload problem(s); nothing was created. First: {failures[0].Field}: {failures[0].Message}", failures);
        }

        var taken = await db.Items.Where(i => i.BatchId == batch.Id).Select(i => i.SequenceNumber).ToListAsync(ct);
        var clashes = command.Items
            .Select((item, index) => (item, index))
            .Where(x => x.item.SequenceNumber is { } n && taken.Contains(n))
            .Select(x => new FieldError(fieldPrefix(x.index) + "sequence_number", $"Sequence number {x.item.SequenceNumber} is taken.", MessageCodes.NameExists.Code))
            .ToList();
        if (clashes.Count > 0)
            throw new DomainException(MessageCodes.NameExists, "Some sequence numbers are taken; nothing was created.", clashes);

        var next = Math.Max(taken.Count == 0 ? 0 : taken.Max() + 1, command.Items.Max(i => i.SequenceNumber ?? -1) + 1);
        var created = command.Items.Select(item => new Item
        {
            BatchId = batch.Id,
            SequenceNumber = item.SequenceNumber ?? next++,
            Payload = Payloads.Text(item.Payload),
        }).ToList();
        db.Items.AddRange(created);
        await db.SaveChangesAsync(ct);
        return created.Select(ItemDto.From).ToList();
    }
}
