using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Fleet.Tags;
using Symphony.Application.Runs;
using Symphony.Application.Workspaces;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;
using Symphony.Domain.Identity;
using Symphony.Domain.Runs;

namespace Symphony.Application.Fleet;

/// <summary>A built-in automation that works on instances, one item per instance.</summary>
public sealed record FleetSync(string AutomationName, string HandlerKind, string Description)
{
    /// <summary>The automation a workspace gets on first use; each sync adds a batch of its instances.</summary>
    public BuiltInAutomation BuiltIn { get; } = new(AutomationName, HandlerKind, Description, [],
        """{"type":"object","required":["instance_id"],"properties":{"instance_id":{"type":"string"}}}""")
    {
        MaxConcurrency = 8,
        RetryDelaySeconds = 5,
    };

    public static FleetSync Accounts { get; } = new(Automation.AccountsSyncName, HandlerKinds.AccountsSync,
        "Built in: reads every account of each instance in scope into the ledger.");

    public static FleetSync Capacity { get; } = new(Automation.CapacitySyncName, HandlerKinds.CapacitySync,
        "Built in: measures every database of each instance in scope and records the day's sizes.");

    /// <summary>Classification of each instance's accounts from the ledger (after every accounts sync too).</summary>
    public static FleetSync AutoClassify { get; } = new(Automation.AutoClassifyName, HandlerKinds.AutoClassify,
        "Built in: classifies the accounts of each instance in scope by the workspace's rules.");

    /// <summary>Capacity aggregates of each instance in scope, from the daily sizes recorded (after every capacity sync too).</summary>
    public static FleetSync CapacityAggregation { get; } = new(Automation.CapacityAggregationName, HandlerKinds.CapacityAggregation,
        "Built in: aggregates the daily sizes of each instance in scope by day, ISO week, month and quarter.");

    /// <summary>The fleet sync a built-in automation name stands for, if any.</summary>
    public static FleetSync? Named(string automationName) =>
        new[] { Accounts, Capacity, AutoClassify, CapacityAggregation }.FirstOrDefault(sync => sync.AutomationName == automationName);
}

/// <summary>
/// The instances to sync: the ones named, or every active instance of the workspace, narrowed to a db type, an
/// environment and instances carrying any of the tags, when given.
/// </summary>
public sealed record FleetSyncCommand(
    IReadOnlyList<Guid>? InstanceIds = null, string? DbType = null, string? Environment = null, IReadOnlyList<string>? Tags = null);

public sealed class FleetSyncValidator : AbstractValidator<FleetSyncCommand>
{
    public FleetSyncValidator()
    {
        RuleFor(c => c.InstanceIds!.Count).InclusiveBetween(1, 1000).When(c => c.InstanceIds is not null).WithName("instance_ids");
        RuleFor(c => c.DbType).KnownDbType();
        RuleFor(c => c.Environment).MaximumLength(50).PlainText();
        RuleFor(c => c.Tags).TagCodes();
    }
}

/// <summary>
/// Starts a fleet sync as a run of the workspace's built-in automation for it (made on first use): a batch with
/// one item per instance in scope, run by the engine with retries and history like any other. The same
/// Idempotency-Key returns the same run.
/// </summary>
public sealed class StartFleetSyncHandler(
    IApplicationDbContext db, WorkspaceAccess access, WorkspaceLookup lookup, FleetSyncValidator validator, StartRunHandler start, TimeProvider clock)
{
    public const string NothingInScope = "No active instance is in scope.";
    /// <summary>Why an auto-classify item of an instance never synced is skipped.</summary>
    public const string NoFactsYet = "no accounts synced yet: nothing to classify until an accounts sync has run";

    public async Task<RunDto> HandleAsync(
        string workspace, FleetSync sync, FleetSyncCommand command, string? idempotencyKey, CancellationToken ct,
        IReadOnlyDictionary<string, object?>? itemOptions = null)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        StartRunHandler.EnsureClientKeys(idempotencyKey);
        var idempotency = IdempotencyKey.Of(idempotencyKey, sync.AutomationName, command, itemOptions);
        return (await StartAsync(scope.Id, sync, command, new StartRunCommand(RunTrigger.Api), idempotency, ct, itemOptions)).Run;
    }

    /// <summary>
    /// Starts the sync in a workspace the caller was already allowed to write to (or the scheduler fires); each item
    /// carries <paramref name="itemOptions"/> beside its instance.
    /// </summary>
    public async Task<(RunDto Run, bool Created)> StartAsync(
        Guid workspaceId, FleetSync sync, FleetSyncCommand command, StartRunCommand run, IdempotencyKey? idempotency, CancellationToken ct,
        IReadOnlyDictionary<string, object?>? itemOptions = null)
    {
        await validator.EnsureValidAsync(command, ct);
        var automation = await db.Automations.FirstOrDefaultAsync(a => a.WorkspaceId == workspaceId && a.Name == sync.AutomationName, ct);
        // A repeated request finds its run before anything is made for it.
        if (idempotency is not null && await start.ExistingAsync(workspaceId, idempotency, ct, automation?.Id) is { } repeated)
            return (repeated, false);

        var instances = command.InstanceIds is { } ids
            ? await lookup.AllInAsync<Instance>(workspaceId, ids, "instance_ids", ct)
            : await db.Instances.AsNoTracking().Where(i => i.WorkspaceId == workspaceId).ToListAsync(ct);
        var tagged = command.Tags is { } codes ? await TaggedAsync(workspaceId, codes, ct) : null;
        var scoped = instances
            .Where(i => (command.DbType is null || i.DbType == command.DbType) && (command.Environment is null || i.Environment == command.Environment)
                && (tagged is null || tagged.Contains(i.Id)))
            .OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        if (scoped.Count == 0) throw DomainException.Validation("instance_ids", NothingInScope);

        if (automation is null)
        {
            automation = sync.BuiltIn.NewIn(workspaceId);
            db.Automations.Add(automation);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var batch = new Batch { AutomationId = automation.Id, Name = $"sync-{now:yyyyMMddHHmmssfff}-{Guid.NewGuid().ToString("N")[..6]}" };
        db.Batches.Add(batch);
        var items = scoped.Select((instance, i) => (Instance: instance, Item: new Item
        {
            BatchId = batch.Id,
            SequenceNumber = i + 1,
            Payload = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>(itemOptions ?? new Dictionary<string, object?>())
            {
                ["instance_id"] = instance.Id,
                ["instance"] = instance.Name,
            }),
        })).ToList();
        db.Items.AddRange(items.Select(x => x.Item));
        await db.SaveChangesAsync(ct);
        // Classification reads the ledger: an instance never synced has no facts to classify, which is no failure.
        var skip = sync == FleetSync.AutoClassify
            ? items.Where(x => x.Instance.AccountsSyncedAt is null).ToDictionary(x => x.Item.Id, _ => NoFactsYet)
            : null;
        return await start.StartAsync(automation, run with { BatchIds = [batch.Id] }, idempotency, ct, skip);
    }

    /// <summary>The instances that carry any of the tags; a code the workspace does not have is a 400 on <c>tags</c>.</summary>
    private async Task<HashSet<Guid>> TaggedAsync(Guid workspaceId, IReadOnlyList<string> codes, CancellationToken ct)
    {
        var tagIds = (await TagRules.ResolveAsync(db, workspaceId, codes.Distinct().ToList(), "tags", ct)).Select(t => t.Id).ToList();
        return [.. await db.InstanceTags.Where(l => tagIds.Contains(l.TagId)).Select(l => l.InstanceId).ToListAsync(ct)];
    }
}
