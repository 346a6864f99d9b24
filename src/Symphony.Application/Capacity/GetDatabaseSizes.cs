using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Capacity;

namespace Symphony.Application.Capacity;

/// <summary>One database's daily sizes between two days.</summary>
public sealed class GetDatabaseSizesHandler(IApplicationDbContext db, WorkspaceLookup databases, TimeProvider clock)
{
    public async Task<DatabaseSizeHistoryDto> HandleAsync(string workspace, Guid databaseId, string? from, string? to, CancellationToken ct)
    {
        var database = await databases.FindAsync<InstanceDatabase>(workspace, databaseId, Permission.ReadWorkspace, ct, includeDeleted: true);
        var range = DayRange.Parse(from, to, clock.GetUtcNow().UtcDateTime);
        var days = await db.DatabaseSizeStats.AsNoTracking()
            .Where(s => s.DatabaseId == database.Id && s.Day >= range.From && s.Day <= range.To)
            .OrderBy(s => s.Day)
            .Select(s => new DatabaseSizePointDto(s.Day, s.SizeBytes, s.CollectedAt))
            .ToListAsync(ct);
        return new DatabaseSizeHistoryDto(database.Id, database.Name, range.From, range.To, days);
    }
}
