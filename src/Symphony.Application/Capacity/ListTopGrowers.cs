using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Capacity;
using Symphony.Domain.Common;

namespace Symphony.Application.Capacity;

/// <summary>A database or an instance total that grew over the period, with what it grew by.</summary>
public sealed record GrowerDto(
    Guid InstanceId, string Instance, Guid? DatabaseId, string? Database, long FirstSizeBytes, long LastSizeBytes, long ChangeBytes,
    double? GrowthPercent, string Trend, bool IsPartial);

/// <summary>The period asked for and its growers, the largest growth in bytes first.</summary>
public sealed record GrowersDto(string Of, string PeriodType, DateOnly PeriodStart, DateOnly PeriodEnd, IReadOnlyList<GrowerDto> Items);

/// <summary>
/// The workspace's top growers of a period (by default the current one of the type): databases (the default) or
/// instance totals whose size grew, by bytes, of active instances.
/// </summary>
public sealed class ListTopGrowersHandler(IApplicationDbContext db, WorkspaceAccess access, TimeProvider clock)
{
    public const int DefaultLimit = 10, MaxLimit = 100;

    public async Task<GrowersDto> HandleAsync(string workspace, string? periodType, string? period, string? of, int? limit, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var type = PeriodRange.ParseType(periodType);
        var start = type.StartOf(period is null ? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) : DayRange.ParseDay("period", period));
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit) throw DomainException.Validation("limit", $"limit must be between 1 and {MaxLimit}.");
        var instances = db.Instances.Where(i => i.WorkspaceId == scope.Id);
        List<GrowerDto> items = of switch
        {
            null or "databases" => await db.DatabaseSizeAggregates.AsNoTracking()
                .Where(a => a.WorkspaceId == scope.Id && a.PeriodType == type && a.PeriodStart == start && a.ChangeBytes > 0)
                .Join(instances, a => a.InstanceId, i => i.Id, (a, i) => new { a, Instance = i.Name })
                .Join(db.InstanceDatabases, x => x.a.DatabaseId, d => d.Id, (x, d) => new { x.a, x.Instance, Database = d.Name })
                .OrderByDescending(x => x.a.ChangeBytes).ThenBy(x => x.a.DatabaseId).Take(take)
                .Select(x => new GrowerDto(x.a.InstanceId, x.Instance, x.a.DatabaseId, x.Database, x.a.FirstSizeBytes, x.a.LastSizeBytes,
                    x.a.ChangeBytes, x.a.GrowthPercent, x.a.Trend, x.a.IsPartial))
                .ToListAsync(ct),
            "instances" => await db.InstanceSizeAggregates.AsNoTracking()
                .Where(a => a.WorkspaceId == scope.Id && a.PeriodType == type && a.PeriodStart == start && a.ChangeBytes > 0)
                .Join(instances, a => a.InstanceId, i => i.Id, (a, i) => new { a, Instance = i.Name })
                .OrderByDescending(x => x.a.ChangeBytes).ThenBy(x => x.a.InstanceId).Take(take)
                .Select(x => new GrowerDto(x.a.InstanceId, x.Instance, null, null, x.a.FirstSizeBytes, x.a.LastSizeBytes,
                    x.a.ChangeBytes, x.a.GrowthPercent, x.a.Trend, x.a.IsPartial))
                .ToListAsync(ct),
            _ => throw DomainException.Validation("of", "of must be databases or instances."),
        };
        return new GrowersDto(of ?? "databases", type.Name(), start, type.EndOf(start), items);
    }
}
