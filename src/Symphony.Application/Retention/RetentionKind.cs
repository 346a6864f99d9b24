namespace Symphony.Application.Retention;

/// <summary>What one item of a retention run deletes.</summary>
public enum RetentionKind
{
    Runs,
    Firings,
    Capacity,
    Audit,
    Orchestration,
    AccountChanges,
}
