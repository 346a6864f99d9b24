using System.Text.Json;

namespace Symphony.Domain.Automations;

/// <summary>What the items of a built-in automation's run are.</summary>
public enum BuiltInScope
{
    /// <summary>One per instance in scope, in a batch of its own per run.</summary>
    Instances,
    /// <summary>A fixed set, made with the automation in one batch every run reuses.</summary>
    FixedItems,
    /// <summary>One per event and receiver, in a batch of its own per run; events start it, not people or jobs.</summary>
    Events,
}

/// <summary>An automation Symphony makes itself in a workspace on first use, with its tuning as first made.</summary>
public sealed record BuiltIn(string Name, string HandlerKind, string Description, BuiltInScope Scope, string? ItemSchema)
{
    /// <summary>The payloads of a <see cref="BuiltInScope.FixedItems"/> automation's one batch.</summary>
    public IReadOnlyList<string> FixedItems { get; init; } = [];
    public int MaxConcurrency { get; init; } = 1;
    public int MaxAttempts { get; init; } = 3;
    public int RetryDelaySeconds { get; init; } = 60;

    /// <summary>A job may fire it; events alone start a <see cref="BuiltInScope.Events"/> automation.</summary>
    public bool Schedulable => Scope != BuiltInScope.Events;

    /// <summary>The automation as a workspace gets it on first use.</summary>
    public Automation NewIn(Guid workspaceId) => new()
    {
        WorkspaceId = workspaceId,
        Name = Name,
        Description = Description,
        HandlerKind = HandlerKind,
        ItemSchema = ItemSchema,
        MaxAttempts = MaxAttempts,
        MaxConcurrency = MaxConcurrency,
        RetryDelaySeconds = RetryDelaySeconds,
    };
}

/// <summary>The catalogue of built-in automations: each is defined here once.</summary>
public static class BuiltIns
{
    /// <summary>Names of the automations Symphony makes itself begin so; a user automation can no longer take one.</summary>
    public const string Prefix = "builtin.";

    private const string InstanceItem = """{"type":"object","required":["instance_id"],"properties":{"instance_id":{"type":"string"}}}""";

    public static BuiltIn AccountsSync { get; } = new("builtin.accounts-sync", HandlerKinds.AccountsSync,
        "Built in: reads every account of each instance in scope into the ledger.", BuiltInScope.Instances, InstanceItem)
    { MaxConcurrency = 8, RetryDelaySeconds = 5 };

    public static BuiltIn CapacitySync { get; } = new("builtin.capacity-sync", HandlerKinds.CapacitySync,
        "Built in: measures every database of each instance in scope and records the day's sizes.", BuiltInScope.Instances, InstanceItem)
    { MaxConcurrency = 8, RetryDelaySeconds = 5 };

    /// <summary>Classification of each instance's accounts from the ledger (after every accounts sync too).</summary>
    public static BuiltIn AutoClassify { get; } = new("builtin.auto-classify", HandlerKinds.AutoClassify,
        "Built in: classifies the accounts of each instance in scope by the workspace's rules.", BuiltInScope.Instances, InstanceItem)
    { MaxConcurrency = 8, RetryDelaySeconds = 5 };

    /// <summary>Capacity aggregates of each instance in scope, from the daily sizes recorded (after every capacity sync too).</summary>
    public static BuiltIn CapacityAggregation { get; } = new("builtin.capacity-aggregation", HandlerKinds.CapacityAggregation,
        "Built in: aggregates the daily sizes of each instance in scope by day, ISO week, month and quarter.", BuiltInScope.Instances, InstanceItem)
    { MaxConcurrency = 8, RetryDelaySeconds = 5 };

    /// <summary>
    /// One item per kind of record, named as <c>RetentionKinds.Name</c> names them (Retention uses Automations, not the
    /// other way round; a test keeps the two lists equal).
    /// </summary>
    public static BuiltIn Retention { get; } = FixedItemsOf("builtin.retention", HandlerKinds.Retention,
        "Built in: deletes what is past its retention age, one kind of record per item.", "kind",
        ["runs", "firings", "capacity", "audit", "orchestration", "account_changes"]);

    /// <summary>One item, the whole pass.</summary>
    public static BuiltIn PartitionMaintenance { get; } = new("builtin.partition-maintenance", HandlerKinds.PartitionMaintenance,
        "Built in: creates the coming months' partitions and drops those past retention (PostgreSQL).", BuiltInScope.FixedItems, null)
    { FixedItems = ["""{"pass":"all"}"""] };

    /// <summary>One item per event and webhook; its attempts and retry delay are the alert settings'.</summary>
    public static BuiltIn Webhooks { get; } = new("builtin.webhooks", HandlerKinds.Webhook,
        "Built in: delivers alert events to the workspace's webhooks, one item per event and webhook, signed.", BuiltInScope.Events,
        """{"type":"object","required":["delivery_id","webhook_id","event_id"]}""")
    { MaxConcurrency = 4 };

    /// <summary>A built-in whose items each name one of <paramref name="values"/> in <paramref name="field"/>.</summary>
    private static BuiltIn FixedItemsOf(string name, string handlerKind, string description, string field, IReadOnlyList<string> values) =>
        new(name, handlerKind, description, BuiltInScope.FixedItems, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "object",
            ["required"] = new[] { field },
            ["properties"] = new Dictionary<string, object> { [field] = new { @enum = values } },
        }))
        { FixedItems = [.. values.Select(value => JsonSerializer.Serialize(new Dictionary<string, string> { [field] = value }))] };

    public static IReadOnlyList<BuiltIn> All { get; } = [AccountsSync, CapacitySync, AutoClassify, CapacityAggregation, Retention, PartitionMaintenance, Webhooks];

    /// <summary>The ones a job may fire, by name.</summary>
    public static IReadOnlyList<string> SchedulableNames { get; } = [.. All.Where(b => b.Schedulable).Select(b => b.Name)];

    /// <summary>
    /// By its exact name: an automation a user named "builtin.something" before such names were reserved stays theirs.
    /// </summary>
    public static BuiltIn? Named(string name) => All.FirstOrDefault(b => b.Name == name);
}
