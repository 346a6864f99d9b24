using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Common;

namespace Symphony.Application.Capacity;

/// <summary>The instances whose forecast reaches their threshold within the days asked for, soonest first.</summary>
public sealed record OutgrowingDto(int WithinDays, int WindowDays, IReadOnlyList<ForecastDto> Items);

/// <summary>
/// "Will outgrow within N days": every active instance of the workspace with a threshold, its total fitted over the
/// window (one query for all of them), kept when the day it reaches the threshold is at most <c>within_days</c> away.
/// </summary>
public sealed class ListOutgrowingHandler(IApplicationDbContext db, WorkspaceAccess access, TimeProvider clock)
{
    public async Task<OutgrowingDto> HandleAsync(string workspace, int? withinDays, int? days, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var within = withinDays ?? 30;
        if (within is < 1 or > 365) throw DomainException.Validation("within_days", "within_days must be between 1 and 365.");
        var window = ForecastWindow.Parse(days, within);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = window.FirstDay(today);
        var instances = await db.Instances.AsNoTracking().Where(i => i.WorkspaceId == scope.Id && i.CapacityThresholdBytes != null)
            .Select(i => new { i.Id, i.Name, i.CapacityThresholdBytes }).ToListAsync(ct);
        var ids = instances.Select(i => i.Id).ToList();
        var points = (await db.InstanceSizeStats.AsNoTracking().Where(s => ids.Contains(s.InstanceId) && s.Day >= first && s.Day <= today)
            .Select(s => new { s.InstanceId, s.Day, s.TotalSizeBytes }).ToListAsync(ct)).ToLookup(s => s.InstanceId);
        var items = instances
            .Select(i => ForecastDto.Of(i.Id, null, i.Name, window, [.. points[i.Id].Select(p => (p.Day, p.TotalSizeBytes))], i.CapacityThresholdBytes, today))
            .Where(f => f.DaysUntilThreshold <= within)
            .OrderBy(f => f.ReachesThresholdOn).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
        return new OutgrowingDto(within, window.Days, items);
    }
}
