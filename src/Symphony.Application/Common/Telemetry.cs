using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Symphony.Application.Common;

/// <summary>
/// Symphony's own spans and metrics, named after OpenTelemetry's conventions; OpenTelemetry exports them when
/// configured (Symphony:Telemetry). docs/reference/monitoring.md lists every one: keep the two together.
/// </summary>
public static class Telemetry
{
    public const string Name = "Symphony";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> ItemsStarted = Meter.CreateCounter<long>("symphony.items.started", "{item}", "Attempts of items started by a worker.");
    public static readonly Counter<long> ItemsCompleted = Meter.CreateCounter<long>("symphony.items.completed", "{item}", "Items that succeeded.");
    public static readonly Counter<long> ItemsFailed = Meter.CreateCounter<long>("symphony.items.failed", "{item}", "Items that failed for good (attempts used up or not retryable).");
    public static readonly Counter<long> ItemsRetried = Meter.CreateCounter<long>("symphony.items.retried", "{item}", "Failed attempts that will be tried again.");
    public static readonly Histogram<double> ItemDuration = Meter.CreateHistogram<double>("symphony.item.duration", "s", "How long an attempt of an item ran.");
    public static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>("symphony.run.duration", "s", "From a run's start to its end.");
    public static readonly Histogram<double> SyncDuration = Meter.CreateHistogram<double>("symphony.sync.duration", "s", "One instance's accounts or capacity sync, by database type.");
    public static readonly Counter<long> TargetFailures = Meter.CreateCounter<long>("symphony.target.failures", "{failure}", "Calls to a target database that failed, by reason.");
    public static readonly Counter<long> SchedulerFirings = Meter.CreateCounter<long>("symphony.scheduler.firings", "{firing}", "Scheduled jobs fired, by outcome.");
    public static readonly Counter<long> SchedulerMisfires = Meter.CreateCounter<long>("symphony.scheduler.misfires", "{firing}", "Due times missed by more than the misfire threshold, by the policy applied.");

    /// <summary>The automation's kind, the tag of the item and run metrics: few values, unlike names or ids.</summary>
    public static KeyValuePair<string, object?> HandlerKind(string kind) => new("symphony.handler_kind", kind);
}
