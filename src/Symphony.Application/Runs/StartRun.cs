using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;
using Symphony.Domain.Runs;

namespace Symphony.Application.Runs;

/// <summary>Starts a run of all active batches of an automation, or of the batches named.</summary>
public sealed record StartRunCommand(RunTrigger? Trigger = null, string? CorrelationId = null, IReadOnlyList<Guid>? BatchIds = null);

/// <summary>
/// What a run is made of: its batches and their items, the items to skip at once with the reason (an instance with
/// nothing to work on yet), and its id when the caller links rows to it before it is saved.
/// </summary>
internal sealed record RunWork(IReadOnlyList<Batch> Batches, IReadOnlyList<Item> Items)
{
    public IReadOnlyDictionary<Guid, string>? Skip { get; init; }
    public Guid? RunId { get; init; }
}

public sealed class StartRunValidator : AbstractValidator<StartRunCommand>
{
    public StartRunValidator()
    {
        RuleFor(c => c.Trigger).IsInEnum();
        RuleFor(c => c.CorrelationId).MaximumLength(100).PlainText();
        RuleFor(c => c.BatchIds).Must(ids => ids is null || ids.Count <= 1000).WithMessage("At most 1000 batch ids.");
    }
}

/// <summary>
/// Checks every batch and item payload against the automation's schemas (422 with the failing paths, nothing
/// started), then creates the run with one item execution per item, queued at once. With an idempotency key, a
/// repeated request returns the run the first one started.
/// </summary>
public sealed class StartRunHandler(
    IApplicationDbContext db, AutomationLookup lookup, IQueueSignal signal, TimeProvider clock, StartRunValidator validator)
{
    private const int MaxReportedFailures = 100;

    public async Task<(RunDto Run, bool Created)> HandleAsync(
        string workspace, Guid automationId, StartRunCommand command, string? idempotencyKey, CancellationToken ct)
    {
        var automation = await lookup.AutomationAsync(workspace, automationId, Permission.WriteWorkspace, ct);
        EnsureClientKeys(idempotencyKey, command.CorrelationId);
        // Webhook deliveries are made by events only: a hand-started run would send past events again.
        if (automation.Name == BuiltIns.Webhooks.Name)
            throw new DomainException(MessageCodes.BuiltinReadOnly, "Webhook deliveries are started by events only.");
        var batches = command.BatchIds?.Order().ToList();
        return await StartAsync(automation, command, IdempotencyKey.Of(idempotencyKey, "run", automation.Id, batches), ct);
    }

    /// <summary>Keys and correlation ids beginning "scheduler:" are the scheduler's: a client's would fake or block a job's firing.</summary>
    public static void EnsureClientKeys(string? idempotencyKey, string? correlationId = null)
    {
        if (idempotencyKey?.StartsWith(Run.SchedulerPrefix, StringComparison.Ordinal) == true)
            throw DomainException.Validation("Idempotency-Key", $"Idempotency keys beginning '{Run.SchedulerPrefix}' are the scheduler's.");
        if (correlationId?.StartsWith(Run.SchedulerPrefix, StringComparison.Ordinal) == true)
            throw DomainException.Validation("correlation_id", $"Correlation ids beginning '{Run.SchedulerPrefix}' are the scheduler's.");
    }

    /// <summary>Starts a run of an automation the caller was already allowed to run (or the scheduler fires).</summary>
    public async Task<(RunDto Run, bool Created)> StartAsync(Automation automation, StartRunCommand command, IdempotencyKey? idempotency, CancellationToken ct)
    {
        await validator.EnsureValidAsync(command, ct);
        if (idempotency is not null && await ExistingAsync(automation.WorkspaceId, idempotency, ct, automation.Id) is { } existing)
            return (existing, false);

        var wantedIds = command.BatchIds;
        var batches = await db.Batches.AsNoTracking().Where(b => b.AutomationId == automation.Id && (wantedIds == null || wantedIds.Contains(b.Id)))
            .OrderBy(b => b.Name).ToListAsync(ct);
        if (command.BatchIds is { } wanted)
        {
            var unknown = wanted.Except(batches.Select(b => b.Id)).ToList();
            if (unknown.Count > 0)
                throw DomainException.Validation("batch_ids", $"No active batch {unknown[0]} in this automation.");
            batches = batches.Where(b => wanted.Contains(b.Id)).ToList();
        }
        var batchIds = batches.Select(b => b.Id).ToList();
        var items = await db.Items.AsNoTracking().Where(i => batchIds.Contains(i.BatchId)).OrderBy(i => i.SequenceNumber).ToListAsync(ct);
        return await CreateAsync(automation, command, idempotency, new RunWork(batches, items), ct);
    }

    /// <summary>
    /// Creates the run of these batches and items and saves it with whatever else the context holds unsaved (a
    /// built-in automation made on first use, the batch made for this run), in one save: nothing of it is stored
    /// unless all is. A run whose items are all skipped is completed.
    /// </summary>
    internal async Task<(RunDto Run, bool Created)> CreateAsync(
        Automation automation, StartRunCommand command, IdempotencyKey? idempotency, RunWork work, CancellationToken ct)
    {
        var (batches, items) = (work.Batches, work.Items);
        var skip = work.Skip;
        CheckPayloads(automation, batches, items);

        var now = clock.GetUtcNow().UtcDateTime;
        var run = new Run
        {
            Id = work.RunId ?? Entity.NewId(),
            WorkspaceId = automation.WorkspaceId,
            AutomationId = automation.Id,
            Trigger = command.Trigger ?? RunTrigger.Api,
            CorrelationId = command.CorrelationId,
            IdempotencyKey = idempotency?.Key,
            IdempotencyScope = idempotency?.Scope,
        };
        run.TransitionTo(ExecutionStatus.Processing, now);
        if (items.All(i => skip?.ContainsKey(i.Id) == true)) run.TransitionTo(ExecutionStatus.Completed, now);
        db.Runs.Add(run);
        var executions = new List<ItemExecution>(items.Count);
        foreach (var batch in batches)
        {
            var batchItems = items.Where(i => i.BatchId == batch.Id).ToList();
            var execution = BatchExecution.Start(run.Id, batch.Id, batchItems.All(i => skip?.ContainsKey(i.Id) == true), now);
            db.BatchExecutions.Add(execution);
            executions.AddRange(batchItems.Select(item => new ItemExecution
            {
                RunId = run.Id,
                BatchExecutionId = execution.Id,
                ItemId = item.Id,
                AutomationId = automation.Id,
                MaxAttempts = automation.MaxAttempts,
                NextAttemptAt = now,
                Payload = item.Payload,
            }));
        }
        var skipped = executions.Where(e => skip?.ContainsKey(e.ItemId) == true)
            .Select(e => e.TransitionTo(ExecutionStatus.Skipped, now, skip![e.ItemId])).ToList();
        try
        {
            await db.SaveChangesInBulkAsync([executions, skipped], null, ct);
        }
        catch (DbUpdateException) when (idempotency is not null)
        {
            // Two requests with one key raced and the unique index kept one run: that run is the answer. What this
            // request meant to add is dropped, so the caller's next save does not try it again.
            db.ChangeTracker.Clear();
            return (await ExistingAsync(automation.WorkspaceId, idempotency, ct, automation.Id)
                ?? throw new InvalidOperationException("The run could not be stored."), false);
        }
        signal.WorkQueued();
        return (await RunDto.LoadAsync(db, run, clock, ct), true);
    }

    /// <summary>
    /// The run an earlier request with this key started for the same operation, or null when the key is new. A key
    /// used for another operation is 409 IDEMPOTENCY_KEY_REUSED naming its run. A run stored before keys had scopes
    /// answers the same automation only (<paramref name="automationId"/>, when the caller knows it).
    /// </summary>
    public async Task<RunDto?> ExistingAsync(Guid workspaceId, IdempotencyKey idempotency, CancellationToken ct, Guid? automationId = null)
    {
        if (idempotency.Key.Length > IdempotencyKey.MaxLength)
            throw DomainException.Validation("Idempotency-Key", $"Idempotency-Key must be at most {IdempotencyKey.MaxLength} characters.");
        var run = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.WorkspaceId == workspaceId && r.IdempotencyKey == idempotency.Key, ct);
        if (run is null) return null;
        if (run.IdempotencyScope is not null ? run.IdempotencyScope != idempotency.Scope : automationId is { } asked && run.AutomationId != asked)
            throw new DomainException(MessageCodes.IdempotencyKeyReused,
                $"Idempotency-Key '{idempotency.Key}' was sent before with another request, which started run {run.Id}; send a new key for this one.");
        return await RunDto.LoadAsync(db, run, clock, ct);
    }

    /// <summary>Stored payloads are checked again: the schemas may have changed since they were written.</summary>
    private static void CheckPayloads(Automation automation, IReadOnlyList<Batch> batches, IReadOnlyList<Item> items)
    {
        var failures = new List<FieldError>();
        if (Payloads.StoredSchema(automation.BatchSchema) is { } batchSchema)
            foreach (var batch in batches)
                failures.AddRange(Payloads.Failures(batchSchema, Payloads.Parse(batch.Payload), $"batches[{batch.Name}].payload"));
        if (Payloads.StoredSchema(automation.ItemSchema) is { } itemSchema)
        {
            var names = batches.ToDictionary(b => b.Id, b => b.Name);
            foreach (var item in items)
            {
                failures.AddRange(Payloads.Failures(itemSchema, Payloads.Parse(item.Payload), $"batches[{names[item.BatchId]}].items[{item.SequenceNumber}].payload"));
                if (failures.Count >= MaxReportedFailures) break;
            }
        }
        if (failures.Count > 0)
            throw new DomainException(MessageCodes.SchemaValidationFailed,
                $"Stored payloads do not match the automation's schemas; no run was started. First: {failures[0].Field}: {failures[0].Message}",
                failures.Take(MaxReportedFailures).ToList());
    }
}
