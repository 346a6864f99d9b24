using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Domain.Automations;

/// <summary>
/// A definition of automated work in a workspace: which kind of executor runs each item (its handler kind), the JSON Schemas its batch
/// and item payloads must match, and how items are retried and throttled when a run executes them.
/// </summary>
public sealed class Automation : VersionedEntity, IWorkspaceOwned
{
    public const int MaxAttemptsLimit = 20;
    public const int MaxConcurrencyLimit = 256;

    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>One of <see cref="HandlerKinds.Known"/>.</summary>
    public required string HandlerKind { get; set; }
    /// <summary>JSON object given to the executor.</summary>
    public string HandlerConfig { get; set; } = "{}";
    /// <summary>JSON Schema of batch payloads, or null for any payload.</summary>
    public string? BatchSchema { get; set; }
    /// <summary>JSON Schema of item payloads, or null for any payload.</summary>
    public string? ItemSchema { get; set; }
    /// <summary>Attempts per item before it fails for good.</summary>
    public int MaxAttempts { get; set; } = 3;
    /// <summary>Items of this automation processed at once, over all nodes.</summary>
    public int MaxConcurrency { get; set; } = 4;
    /// <summary>First retry delay; each further retry doubles it, with jitter.</summary>
    public int RetryDelaySeconds { get; set; } = 2;

    /// <summary>
    /// One of <see cref="BuiltIns"/>, by its exact name: an automation a user named "builtin.something" before such
    /// names were reserved stays theirs.
    /// </summary>
    public bool IsBuiltIn => BuiltIns.Named(Name) is not null;

    /// <summary>
    /// A built-in automation is Symphony's, not user data: only its tuning (attempts, concurrency, retry delay)
    /// changes; anything else, its batches and items included, answers 409 BUILTIN_READ_ONLY.
    /// </summary>
    public void EnsureNotBuiltIn(string change)
    {
        if (IsBuiltIn)
            throw new DomainException(MessageCodes.BuiltinReadOnly,
                $"'{Name}' is built in: {change} is not possible; only max_attempts, max_concurrency and retry_delay_seconds may change.");
    }

    /// <summary>Batches and items of a built-in automation are made by Symphony alone.</summary>
    public void EnsureBatchesEditable() => EnsureNotBuiltIn("changing its batches and items");
}

/// <summary>A named group of items of an automation, with a payload of its own.</summary>
public sealed class Batch : VersionedEntity
{
    public Guid AutomationId { get; set; }
    public required string Name { get; set; }
    /// <summary>JSON value; "null" when none was given.</summary>
    public string Payload { get; set; } = "null";
}

/// <summary>One unit of work of a batch, ordered by its sequence number.</summary>
public sealed class Item : VersionedEntity
{
    public Guid BatchId { get; set; }
    public int SequenceNumber { get; set; }
    /// <summary>JSON value; "null" when none was given.</summary>
    public string Payload { get; set; } = "null";
}

/// <summary>The handler kinds an automation may name. The execution engine registers one executor per kind.</summary>
public static class HandlerKinds
{
    public const string Noop = "noop";
    public const string Echo = "echo";
    public const string Http = "http";
    /// <summary>Starts a workflow on an external engine per item and follows it to its end.</summary>
    public const string Engine = "engine";
    /// <summary>Built in: reads the accounts of the instance named by each item into the ledger.</summary>
    public const string AccountsSync = "accounts_sync";
    /// <summary>Built in: measures the databases of the instance named by each item.</summary>
    public const string CapacitySync = "capacity_sync";
    /// <summary>Built in: deletes one kind of record of the run's workspace that is past its retention age.</summary>
    public const string Retention = "retention";
    /// <summary>Built in: creates the coming months' partitions of the platform database and drops those past retention.</summary>
    public const string PartitionMaintenance = "partition_maintenance";
    /// <summary>Built in: classifies the accounts of the instance named by each item by the workspace's rules.</summary>
    public const string AutoClassify = "auto_classify";
    /// <summary>Built in: delivers one event to one webhook, signed.</summary>
    public const string Webhook = "webhook";
    /// <summary>Built in: aggregates the daily sizes of the instance named by each item over days, weeks, months and quarters.</summary>
    public const string CapacityAggregation = "capacity_aggregation";

    public static IReadOnlyList<string> Known { get; } = [Noop, Echo, Http, Engine, AccountsSync, CapacitySync, Retention, PartitionMaintenance, AutoClassify, Webhook, CapacityAggregation];

    /// <summary>Kinds only Symphony's own automations have: a user automation cannot take one.</summary>
    public static IReadOnlyList<string> BuiltInOnly { get; } = [Retention, PartitionMaintenance, Webhook];

    public static IReadOnlyList<string> UserChoosable { get; } = [.. Known.Except(BuiltInOnly)];
}
