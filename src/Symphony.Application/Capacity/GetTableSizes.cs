using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Capacity;
using Symphony.Domain.Common;

namespace Symphony.Application.Capacity;

/// <summary>
/// A database's table sizes as last collected, largest first (<c>limit</c> 1-1000, 100 by default). Table sizes are
/// collected on demand only, so before the first refresh this is 409 SNAPSHOT_MISSING.
/// </summary>
public sealed class GetTableSizesHandler(IApplicationDbContext db, WorkspaceLookup databases)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public async Task<TableSizesDto> HandleAsync(string workspace, Guid databaseId, int? limit, CancellationToken ct)
    {
        if (limit is < 1 or > MaxLimit) throw DomainException.Validation("limit", $"limit must be from 1 to {MaxLimit}.");
        var database = await databases.FindAsync<InstanceDatabase>(workspace, databaseId, Permission.ReadWorkspace, ct, includeDeleted: true);
        if (database.TablesCollectedAt is not { } collectedAt)
            throw new DomainException(MessageCodes.SnapshotMissing,
                $"The tables of '{database.Name}' have not been measured yet: refresh them first.");
        var tables = await db.TableSizeStats.AsNoTracking().Where(t => t.DatabaseId == database.Id).OrderByDescending(t => t.TotalBytes).ThenBy(t => t.SchemaName).ThenBy(t => t.TableName)
            .Take(limit ?? DefaultLimit).ToListAsync(ct);
        return new TableSizesDto(database.Id, database.Name, collectedAt, database.TablesTotal, tables.Select(TableSizeDto.From).ToList());
    }
}
