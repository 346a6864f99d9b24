using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Domain.Capacity;

/// <summary>
/// A database of an instance, as capacity syncs saw it: when it was first and last seen, its latest size, and
/// when it disappeared (soft-deleted: a database that comes back under the same name is the same row again).
/// </summary>
public sealed class InstanceDatabase : VersionedEntity, IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid InstanceId { get; set; }
    public required string Name { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    /// <summary>Null when the collector may not measure it (no CONNECT and no pg_read_all_stats).</summary>
    public long? SizeBytes { get; set; }
    /// <summary>When its table sizes were last collected; null until someone asks for them.</summary>
    public DateTime? TablesCollectedAt { get; set; }
    /// <summary>How many tables the database had at that collection, the ones beyond the stored largest included.</summary>
    public int TablesTotal { get; set; }

    /// <summary>When the database was found missing; the time it was soft-deleted.</summary>
    public DateTime? GoneAt => IsActive ? null : DeletedAt;

    public void Seen(DateTime at, long? sizeBytes)
    {
        (LastSeenAt, SizeBytes) = (at, sizeBytes);
        (IsActive, DeletedAt) = (true, null);
    }

    public void Gone(DateTime at) => (IsActive, DeletedAt) = (false, at);
}
