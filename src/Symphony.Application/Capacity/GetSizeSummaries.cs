using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Capacity;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Capacity;

/// <summary>
/// The aggregated periods of an instance's total or of one database, of the type asked for, whose first day is in
/// the range (deleted instances and gone databases too: their history stays readable).
/// </summary>
public sealed class GetSizeSummariesHandler(IApplicationDbContext db, WorkspaceLookup lookup, TimeProvider clock)
{
    public async Task<SizeSummariesDto> OfInstanceAsync(string workspace, Guid instanceId, string? periodType, string? from, string? to, CancellationToken ct)
    {
        var instance = await lookup.FindAsync<Instance>(workspace, instanceId, Permission.ReadWorkspace, ct, includeDeleted: true);
        var range = PeriodRange.Parse(periodType, from, to, clock.GetUtcNow().UtcDateTime);
        var periods = await db.InstanceSizeAggregates.AsNoTracking()
            .Where(a => a.InstanceId == instance.Id && a.PeriodType == range.Type && a.PeriodStart >= range.From && a.PeriodStart <= range.To)
            .OrderBy(a => a.PeriodStart).ToListAsync(ct);
        return new SizeSummariesDto(instance.Id, null, instance.Name, range.Type.Name(), range.From, range.To, [.. periods.Select(SizeSummaryDto.From)]);
    }

    public async Task<SizeSummariesDto> OfDatabaseAsync(string workspace, Guid databaseId, string? periodType, string? from, string? to, CancellationToken ct)
    {
        var database = await lookup.FindAsync<InstanceDatabase>(workspace, databaseId, Permission.ReadWorkspace, ct, includeDeleted: true);
        var range = PeriodRange.Parse(periodType, from, to, clock.GetUtcNow().UtcDateTime);
        var periods = await db.DatabaseSizeAggregates.AsNoTracking()
            .Where(a => a.DatabaseId == database.Id && a.PeriodType == range.Type && a.PeriodStart >= range.From && a.PeriodStart <= range.To)
            .OrderBy(a => a.PeriodStart).ToListAsync(ct);
        return new SizeSummariesDto(database.InstanceId, database.Id, database.Name, range.Type.Name(), range.From, range.To, [.. periods.Select(SizeSummaryDto.From)]);
    }
}
