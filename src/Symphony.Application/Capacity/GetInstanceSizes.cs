using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Capacity;

/// <summary>An instance's daily totals between two days (deleted instances too: their history stays readable).</summary>
public sealed class GetInstanceSizesHandler(IApplicationDbContext db, WorkspaceLookup instances, TimeProvider clock)
{
    public async Task<InstanceSizeHistoryDto> HandleAsync(string workspace, Guid instanceId, string? from, string? to, CancellationToken ct)
    {
        var instance = await instances.FindAsync<Instance>(workspace, instanceId, Permission.ReadWorkspace, ct, includeDeleted: true);
        var range = DayRange.Parse(from, to, clock.GetUtcNow().UtcDateTime);
        var days = await db.InstanceSizeStats.AsNoTracking()
            .Where(s => s.InstanceId == instance.Id && s.Day >= range.From && s.Day <= range.To)
            .OrderBy(s => s.Day)
            .Select(s => new InstanceSizePointDto(s.Day, s.TotalSizeBytes, s.DatabaseCount, s.CollectedAt))
            .ToListAsync(ct);
        return new InstanceSizeHistoryDto(instance.Id, range.From, range.To, days);
    }
}
