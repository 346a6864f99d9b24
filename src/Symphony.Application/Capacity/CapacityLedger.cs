using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Domain.Capacity;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Capacity;

/// <summary>What one capacity sync found on one instance.</summary>
public sealed record CapacitySyncResult(
    int Databases, int Added, int Returned, int Gone, long TotalSizeBytes, IReadOnlyList<string> Unmeasured);

/// <summary>
/// Writes one capacity collection: the inventory (new databases added, returning ones brought back, missing ones
/// marked gone), the day's size of every measured database and the instance's total, each upserted on the UTC
/// day so a second sync that day overwrites the first; saved with the caller's other changes in one transaction.
/// </summary>
public static class CapacityLedger
{
    public static async Task<CapacitySyncResult> SaveAsync(IApplicationDbContext db, Instance instance, CollectedCapacity collected, DateTime now, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(now);
        var inventory = await db.InstanceDatabases.IgnoreQueryFilters().Where(d => d.InstanceId == instance.Id)
            .ToDictionaryAsync(d => d.Name, StringComparer.Ordinal, ct);
        var todays = await db.DatabaseSizeStats.Where(s => s.InstanceId == instance.Id && s.Day == day)
            .ToDictionaryAsync(s => s.DatabaseId, ct);
        int added = 0, returned = 0, gone = 0, measured = 0;
        long total = 0;
        var unmeasured = new List<string>();

        foreach (var found in collected.Databases)
        {
            if (!inventory.Remove(found.Name, out var database))
            {
                database = new InstanceDatabase { WorkspaceId = instance.WorkspaceId, InstanceId = instance.Id, Name = found.Name, FirstSeenAt = now };
                db.InstanceDatabases.Add(database);
                added++;
            }
            else if (!database.IsActive)
            {
                returned++;
            }
            database.Seen(now, found.SizeBytes);
            if (found.SizeBytes is not { } size)
            {
                unmeasured.Add(found.Name);
                continue;
            }
            (measured, total) = (measured + 1, total + size);
            if (todays.TryGetValue(database.Id, out var stat))
                (stat.SizeBytes, stat.CollectedAt) = (size, now);
            else
                db.DatabaseSizeStats.Add(new DatabaseSizeStat
                {
                    WorkspaceId = instance.WorkspaceId, InstanceId = instance.Id, DatabaseId = database.Id, Day = day, SizeBytes = size, CollectedAt = now,
                });
        }
        foreach (var missing in inventory.Values.Where(d => d.IsActive))
        {
            missing.Gone(now);
            gone++;
        }

        var totals = await db.InstanceSizeStats.FirstOrDefaultAsync(s => s.InstanceId == instance.Id && s.Day == day, ct);
        if (totals is null)
        {
            totals = new InstanceSizeStat { WorkspaceId = instance.WorkspaceId, InstanceId = instance.Id, Day = day };
            db.InstanceSizeStats.Add(totals);
        }
        (totals.TotalSizeBytes, totals.DatabaseCount, totals.CollectedAt) = (total, measured, now);
        instance.CapacitySyncedAt = now;
        await db.SaveChangesAsync(ct);
        return new CapacitySyncResult(collected.Databases.Count, added, returned, gone, total, unmeasured);
    }
}
