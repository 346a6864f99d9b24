using Symphony.Domain.Common;

namespace Symphony.Domain.Capacity;

/// <summary>An instance's total over its measured databases on one day (UTC), overwritten by later syncs that day.</summary>
public sealed class InstanceSizeStat : Entity
{
    public Guid WorkspaceId { get; set; }
    public Guid InstanceId { get; set; }
    public DateOnly Day { get; set; }
    public long TotalSizeBytes { get; set; }
    public int DatabaseCount { get; set; }
    public DateTime CollectedAt { get; set; }
}
