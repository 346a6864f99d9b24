using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Symphony.Domain.Common;

namespace Symphony.Infrastructure.Persistence;

/// <summary>
/// Before every save: fills the audit fields from the caller, bumps the versions of changed aggregates, and turns
/// deletes of aggregates into soft deletes.
/// </summary>
public sealed class AuditStamping : SaveChangesInterceptor
{
    public static AuditStamping Instance { get; } = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>The audit fields of a row added without the change tracker (bulk inserts).</summary>
    public static void Added(Entity row, DateTime now, Guid? userId)
    {
        row.CreatedAt = row.UpdatedAt = now;
        row.CreatedBy = row.UpdatedBy = userId;
    }

    private static void Stamp(DbContext? context)
    {
        if (context is not SymphonyDbContext db) return;
        var now = db.Now;
        var userId = db.CallerId;
        foreach (var entry in db.ChangeTracker.Entries<Entity>())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    Added(entry.Entity, now, userId);
                    break;
                case EntityState.Deleted when entry.Entity is VersionedEntity aggregate:
                    entry.State = EntityState.Modified;
                    aggregate.IsActive = false;
                    aggregate.DeletedAt = now;
                    goto case EntityState.Modified;
                case EntityState.Modified:
                    entry.Entity.UpdatedAt = now;
                    entry.Entity.UpdatedBy = userId;
                    if (entry.Entity is VersionedEntity versioned)
                        versioned.Version = (int)entry.Property(nameof(VersionedEntity.Version)).OriginalValue! + 1;
                    break;
            }
        }
    }
}
