namespace Symphony.Domain.Common;

/// <summary>Base of every stored row: a time-ordered UUID v7 key and the audit fields.</summary>
public abstract class Entity
{
    public Guid Id { get; set; } = NewId();

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }

    /// <summary>UUID v7 keys sort by creation time, which keeps B-tree inserts at the right edge.</summary>
    public static Guid NewId() => Guid.CreateVersion7();
}

/// <summary>A row that changes and is deleted softly: a version for optimistic concurrency, and soft delete.</summary>
public abstract class VersionedEntity : Entity
{
    /// <summary>Incremented on every update; an update carrying an older value is refused.</summary>
    public int Version { get; set; } = 1;

    public bool IsActive { get; set; } = true;
    public DateTime? DeletedAt { get; set; }
}
