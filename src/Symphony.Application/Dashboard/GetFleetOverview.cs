using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Fleet;
using Symphony.Domain.Identity;
using Symphony.Domain.Runs;

namespace Symphony.Application.Dashboard;

public sealed record CountDto(string Key, int Count);

public sealed record FailedRunDto(Guid Id, Guid AutomationId, string Automation, string Trigger, DateTime? FinishedAt);

public sealed record FailingInstanceDto(Guid Id, string Name, string DbType, DateTime? LastCheckedAt, string? LastConnectionError);

/// <summary>
/// A workspace at a glance, every figure the answer of one list filter: active instances by health, db type and
/// environment; runs created in the last 24 hours by status, with the latest failed ones; instances whose last
/// connection (a sync or a test) failed; the latest size of the present databases of active instances.
/// </summary>
public sealed record FleetOverviewDto(
    DateTime At, int Instances, IReadOnlyList<CountDto> ByHealth, IReadOnlyList<CountDto> ByDbType, IReadOnlyList<CountDto> ByEnvironment,
    DateTime RunsSince, IReadOnlyList<CountDto> RunsByStatus, IReadOnlyList<FailedRunDto> RecentFailedRuns,
    int FailingInstanceCount, IReadOnlyList<FailingInstanceDto> FailingInstances, long CapacityBytes, int Databases);

public sealed class GetFleetOverviewHandler(IApplicationDbContext db, WorkspaceAccess access, TimeProvider clock)
{
    public const int ListedFailures = 5;

    public async Task<FleetOverviewDto> HandleAsync(string workspace, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var instances = db.Instances.AsNoTracking().Where(i => i.WorkspaceId == scope.Id);

        var byHealth = new List<CountDto>();
        foreach (var health in Enum.GetValues<InstanceHealth>())
            byHealth.Add(new CountDto(health.ToString().ToLowerInvariant(), await instances.CountAsync(Instance.HasHealth(health, now), ct)));
        var byDbType = await instances.GroupBy(i => i.DbType).Select(g => new CountDto(g.Key, g.Count())).ToListAsync(ct);
        var byEnvironment = await instances.GroupBy(i => i.Environment).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);

        var since = now.AddHours(-24);
        var runs = db.Runs.AsNoTracking().Where(r => r.WorkspaceId == scope.Id && r.CreatedAt >= since);
        var byStatus = await runs.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var failed = await runs.Where(r => r.Status == ExecutionStatus.Failed).OrderByDescending(r => r.CreatedAt).Take(ListedFailures)
            .Join(db.Automations.IgnoreQueryFilters(), r => r.AutomationId, a => a.Id, (r, a) => new { r.Id, r.AutomationId, a.Name, r.Trigger, r.FinishedAt })
            .ToListAsync(ct);

        var failing = instances.Where(Instance.HasHealth(InstanceHealth.Poor, now));
        var failingList = await failing.OrderByDescending(i => i.LastCheckedAt).ThenBy(i => i.Name).Take(ListedFailures)
            .Select(i => new FailingInstanceDto(i.Id, i.Name, i.DbType, i.LastCheckedAt, i.LastConnectionError)).ToListAsync(ct);

        var databases = db.InstanceDatabases.AsNoTracking().Where(d => d.WorkspaceId == scope.Id && instances.Any(i => i.Id == d.InstanceId));
        var capacity = await databases.SumAsync(d => d.SizeBytes ?? 0, ct);

        return new FleetOverviewDto(
            now, await instances.CountAsync(ct), byHealth,
            [.. byDbType.OrderBy(c => c.Key, StringComparer.Ordinal)],
            [.. byEnvironment.Select(e => new CountDto(e.Key ?? "", e.Count)).OrderBy(c => c.Key, StringComparer.Ordinal)],
            since,
            [.. byStatus.Select(s => new CountDto(s.Key.ToString().ToLowerInvariant(), s.Count)).OrderBy(c => c.Key, StringComparer.Ordinal)],
            [.. failed.OrderByDescending(f => f.FinishedAt).Select(f => new FailedRunDto(f.Id, f.AutomationId, f.Name, f.Trigger.ToString().ToLowerInvariant(), f.FinishedAt))],
            await failing.CountAsync(ct), failingList, capacity, await databases.CountAsync(ct));
    }
}
