namespace Symphony.Application.Retention;

/// <summary>How long each kind of record is kept (<c>Symphony:Retention</c>), and how the retention run deletes.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Symphony:Retention";

    /// <summary>Finished runs with their item executions and history; each automation's latest run is kept whatever its age.</summary>
    public int RunsDays { get; set; } = 90;
    public int FiringsDays { get; set; } = 90;
    /// <summary>Daily database sizes and instance totals.</summary>
    public int CapacityDays { get; set; } = 400;
    public int AuditDays { get; set; } = 365;
    /// <summary>Orchestration instances no run links to.</summary>
    public int OrchestrationDays { get; set; } = 90;
    /// <summary>The account change log is kept unless a number of days is set.</summary>
    public int? AccountChangesDays { get; set; }
    /// <summary>Rows deleted by one statement: each batch commits on its own, so the queue never waits long on it.</summary>
    public int BatchSize { get; set; } = 5000;
    /// <summary>A pause between batches, leaving the database to the queue's own work.</summary>
    public TimeSpan PauseBetweenBatches { get; set; } = TimeSpan.FromMilliseconds(20);
}
