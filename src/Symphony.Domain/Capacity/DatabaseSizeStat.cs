using Symphony.Domain.Common;

namespace Symphony.Domain.Capacity;

/// <summary>A database's size on one day (UTC): a later sync on the same day overwrites it.</summary>
public sealed class DatabaseSizeStat : Entity
{
    public Guid WorkspaceId { get; set; }
    public Guid InstanceId { get; set; }
    public Guid DatabaseId { get; set; }
    public DateOnly Day { get; set; }
    public long SizeBytes { get; set; }
    public DateTime CollectedAt { get; set; }
}
