namespace Symphony.Domain.Capacity;

/// <summary>
/// What a period's daily sizes come to. Written only by the aggregation's SQL, keyed by what it summarises and the
/// period, so recomputing a period replaces its row with an identical one (but for when it was computed).
/// </summary>
public abstract class SizeAggregate
{
    public Guid WorkspaceId { get; set; }
    public Guid InstanceId { get; set; }
    public PeriodType PeriodType { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    /// <summary>The days of the period with a size recorded.</summary>
    public int Days { get; set; }
    public long AvgSizeBytes { get; set; }
    public long MinSizeBytes { get; set; }
    public long MaxSizeBytes { get; set; }
    /// <summary>The size on the first and the last day of the period with one recorded.</summary>
    public long FirstSizeBytes { get; set; }
    public long LastSizeBytes { get; set; }
    /// <summary>Last minus first.</summary>
    public long ChangeBytes { get; set; }
    /// <summary>The change in percent of the first size, two decimals; null when the first size is 0.</summary>
    public double? GrowthPercent { get; set; }
    /// <summary>growing, stable or shrinking (<see cref="CapacityPeriod.TrendThresholdPercent"/>).</summary>
    public required string Trend { get; set; }
    /// <summary>The period had not ended when it was computed: the next aggregation computes it again.</summary>
    public bool IsPartial { get; set; }
    public DateTime ComputedAt { get; set; }
}

/// <summary>A database's sizes over a period.</summary>
public sealed class DatabaseSizeAggregate : SizeAggregate
{
    public Guid DatabaseId { get; set; }
}

/// <summary>An instance's daily totals over a period.</summary>
public sealed class InstanceSizeAggregate : SizeAggregate;
