using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Capacity;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Capacity;

public sealed record ForecastPointDto(DateOnly Day, long SizeBytes);

/// <summary>
/// A least-squares line through the last <c>window_days</c> days of sizes, and where it leads: the size projected at
/// each week up to the horizon, and the day it reaches the instance's threshold (null when no threshold is set, the
/// line does not rise, or fewer than two days were measured).
/// </summary>
public sealed record ForecastDto(
    Guid InstanceId, Guid? DatabaseId, string Name, int WindowDays, int Samples, double? SlopeBytesPerDay, DateOnly? LastDay, long? LastSizeBytes,
    long? ThresholdBytes, DateOnly? ReachesThresholdOn, int? DaysUntilThreshold, IReadOnlyList<ForecastPointDto> Projection)
{
    public static ForecastDto Of(Guid instanceId, Guid? databaseId, string name, ForecastWindow window, IReadOnlyList<(DateOnly Day, long SizeBytes)> points,
        long? threshold, DateOnly today)
    {
        var fit = SizeForecast.Fit(points);
        var last = points.Count == 0 ? ((DateOnly Day, long SizeBytes)?)null : points.MaxBy(p => p.Day);
        if (fit is null)
            return new ForecastDto(instanceId, databaseId, name, window.Days, points.Count, null, last?.Day, last?.SizeBytes, threshold, null, null, []);
        var reaches = threshold is { } bytes ? fit.ReachesOn(bytes) : null;
        var projection = Enumerable.Range(0, window.HorizonDays / 7 + 1).Select(w => fit.LastDay.AddDays(w * 7))
            .Append(fit.LastDay.AddDays(window.HorizonDays)).Distinct()
            .Select(day => new ForecastPointDto(day, Math.Max(0, fit.ProjectedOn(day)))).ToList();
        return new ForecastDto(instanceId, databaseId, name, window.Days, fit.Samples, Math.Round(fit.SlopeBytesPerDay, 2), last?.Day, last?.SizeBytes,
            threshold, reaches, reaches is { } on ? Math.Max(0, on.DayNumber - today.DayNumber) : null, projection);
    }
}

/// <summary>The days a forecast fits (<c>days</c>, 7 to 365, by default 30) and how far it projects (<c>horizon_days</c>, 1 to 365, by default 30).</summary>
public sealed record ForecastWindow(int Days, int HorizonDays)
{
    public static ForecastWindow Parse(int? days, int? horizonDays)
    {
        var window = new ForecastWindow(days ?? 30, horizonDays ?? 30);
        if (window.Days is < 7 or > 365) throw DomainException.Validation("days", "days must be between 7 and 365.");
        if (window.HorizonDays is < 1 or > 365) throw DomainException.Validation("horizon_days", "horizon_days must be between 1 and 365.");
        return window;
    }

    public DateOnly FirstDay(DateOnly today) => today.AddDays(1 - Days);
}

/// <summary>The forecast of an instance's total or of one database, against the instance's threshold.</summary>
public sealed class GetForecastHandler(IApplicationDbContext db, WorkspaceLookup lookup, TimeProvider clock)
{
    public async Task<ForecastDto> OfInstanceAsync(string workspace, Guid instanceId, int? days, int? horizonDays, CancellationToken ct)
    {
        var instance = await lookup.FindAsync<Instance>(workspace, instanceId, Permission.ReadWorkspace, ct, includeDeleted: true);
        var window = ForecastWindow.Parse(days, horizonDays);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = window.FirstDay(today);
        var points = await db.InstanceSizeStats.AsNoTracking().Where(s => s.InstanceId == instance.Id && s.Day >= first && s.Day <= today)
            .Select(s => new { s.Day, s.TotalSizeBytes }).ToListAsync(ct);
        return ForecastDto.Of(instance.Id, null, instance.Name, window, [.. points.Select(p => (p.Day, p.TotalSizeBytes))], instance.CapacityThresholdBytes, today);
    }

    public async Task<ForecastDto> OfDatabaseAsync(string workspace, Guid databaseId, int? days, int? horizonDays, CancellationToken ct)
    {
        var database = await lookup.FindAsync<InstanceDatabase>(workspace, databaseId, Permission.ReadWorkspace, ct, includeDeleted: true);
        var window = ForecastWindow.Parse(days, horizonDays);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = window.FirstDay(today);
        var points = await db.DatabaseSizeStats.AsNoTracking().Where(s => s.DatabaseId == database.Id && s.Day >= first && s.Day <= today)
            .Select(s => new { s.Day, s.SizeBytes }).ToListAsync(ct);
        var threshold = await db.Instances.IgnoreQueryFilters().Where(i => i.Id == database.InstanceId).Select(i => i.CapacityThresholdBytes).FirstOrDefaultAsync(ct);
        return ForecastDto.Of(database.InstanceId, database.Id, database.Name, window, [.. points.Select(p => (p.Day, p.SizeBytes))], threshold, today);
    }
}
