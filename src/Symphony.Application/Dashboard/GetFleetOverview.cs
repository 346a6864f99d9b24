using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Fleet;
using Symphony.Domain.Runs;

namespace Symphony.Application.Dashboard;

public sealed record CountDto(string Key, int Count);

/// <summary>A failed run with how many of its items failed and the first of them: its instance (for a fleet run) and error.</summary>
public sealed record FailedRunDto(
    Guid Id, Guid AutomationId, string Automation, string Trigger, DateTime? FinishedAt, int FailedItems, string? FirstInstance, string? FirstError);

public sealed record FailingInstanceDto(Guid Id, string Name, string DbType, DateTime? LastCheckedAt, string? LastConnectionError);

/// <summary>An account first seen since yesterday that a classification of high risk holds.</summary>
public sealed record NewRiskyAccountDto(Guid Id, string Name, Guid InstanceId, string Instance, int Risk, DateTime FirstSeenAt);

/// <summary>
/// A workspace at a glance, every figure the answer of one list filter: active instances by health, db type and
/// environment; runs created in the last 24 hours by status, with the latest failed ones; instances whose last
/// connection (a sync or a test) failed; the latest size of the present databases of active instances; and since
/// yesterday (00:00 UTC): the account changes by kind, and the accounts first seen that are of high risk.
/// </summary>
public sealed record FleetOverviewDto(
    DateTime At, int Instances, IReadOnlyList<CountDto> ByHealth, IReadOnlyList<CountDto> ByDbType, IReadOnlyList<CountDto> ByEnvironment,
    DateTime RunsSince, IReadOnlyList<CountDto> RunsByStatus, IReadOnlyList<FailedRunDto> RecentFailedRuns,
    int FailingInstanceCount, IReadOnlyList<FailingInstanceDto> FailingInstances, long CapacityBytes, int Databases,
    DateTime AccountsSince, IReadOnlyList<CountDto> AccountChangesByKind, int NewHighRiskAccountCount, IReadOnlyList<NewRiskyAccountDto> NewHighRiskAccounts);

public sealed class GetFleetOverviewHandler(IApplicationDbContext db, WorkspaceAccess access, TimeProvider clock)
{
    public const int ListedFailures = 5;
    /// <summary>The lowest risk level the dashboard calls high.</summary>
    public const int HighRisk = 5;
    public const int ListedNewAccounts = 10;

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
        var failedRuns = new List<FailedRunDto>(failed.Count);
        foreach (var run in failed)
        {
            var items = db.ItemExecutions.AsNoTracking().Where(e => e.RunId == run.Id && e.Status == ExecutionStatus.Failed);
            var first = await items.OrderBy(e => e.FinishedAt).Select(e => new { e.Payload, e.Error }).FirstOrDefaultAsync(ct);
            failedRuns.Add(new FailedRunDto(run.Id, run.AutomationId, run.Name, run.Trigger.ToString().ToLowerInvariant(), run.FinishedAt,
                await items.CountAsync(ct), first is null ? null : InstanceNamed(first.Payload), first?.Error));
        }

        var failing = instances.Where(Instance.HasHealth(InstanceHealth.Poor, now));
        var failingList = await failing.OrderByDescending(i => i.LastCheckedAt).ThenBy(i => i.Name).Take(ListedFailures)
            .Select(i => new FailingInstanceDto(i.Id, i.Name, i.DbType, i.LastCheckedAt, i.LastConnectionError)).ToListAsync(ct);

        var databases = db.InstanceDatabases.AsNoTracking().Where(d => d.WorkspaceId == scope.Id && instances.Any(i => i.Id == d.InstanceId));
        var capacity = await databases.SumAsync(d => d.SizeBytes ?? 0, ct);

        var accountsSince = now.Date.AddDays(-1);
        var changesByKind = await db.AccountChanges.AsNoTracking().Where(c => c.WorkspaceId == scope.Id && c.OccurredAt >= accountsSince)
            .GroupBy(c => c.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var risky = db.Accounts.AsNoTracking().Where(a => a.WorkspaceId == scope.Id && a.FirstSeenAt >= accountsSince)
            .Select(a => new
            {
                Account = a,
                Risk = db.AccountClassifications.Where(c => c.AccountId == a.Id)
                    .Join(db.Classifications, c => c.ClassificationId, k => k.Id, (c, k) => (int?)k.RiskLevel).Max() ?? 0,
            })
            .Where(r => r.Risk >= HighRisk);
        var newRisky = await risky.OrderByDescending(r => r.Risk).ThenByDescending(r => r.Account.FirstSeenAt).Take(ListedNewAccounts)
            .Join(db.Instances, r => r.Account.InstanceId, i => i.Id,
                (r, i) => new NewRiskyAccountDto(r.Account.Id, r.Account.Name, i.Id, i.Name, r.Risk, r.Account.FirstSeenAt))
            .ToListAsync(ct);

        return new FleetOverviewDto(
            now, await instances.CountAsync(ct), byHealth,
            [.. byDbType.OrderBy(c => c.Key, StringComparer.Ordinal)],
            [.. byEnvironment.Select(e => new CountDto(e.Key ?? "", e.Count)).OrderBy(c => c.Key, StringComparer.Ordinal)],
            since,
            [.. byStatus.Select(s => new CountDto(s.Key.ToString().ToLowerInvariant(), s.Count)).OrderBy(c => c.Key, StringComparer.Ordinal)],
            [.. failedRuns.OrderByDescending(f => f.FinishedAt)],
            await failing.CountAsync(ct), failingList, capacity, await databases.CountAsync(ct),
            accountsSince, [.. changesByKind.Select(c => new CountDto(c.Key.ToString().ToLowerInvariant(), c.Count)).OrderBy(c => c.Key, StringComparer.Ordinal)],
            await risky.CountAsync(ct), newRisky);
    }

    /// <summary>The instance a fleet item names ("instance" beside its instance_id), or null for another automation's item.</summary>
    private static string? InstanceNamed(string payload)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("instance", out var name) && name.ValueKind == System.Text.Json.JsonValueKind.String
                ? name.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
