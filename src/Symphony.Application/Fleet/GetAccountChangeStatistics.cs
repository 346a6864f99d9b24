using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>How many account changes of a kind happened on a day (UTC).</summary>
public sealed record AccountChangesOnDay(DateOnly Day, AccountChangeKind Kind, int Changes);

/// <summary>Account changes per day and kind over the last <c>days</c> (1 to 366, 30 by default), oldest first.</summary>
public sealed class GetAccountChangeStatisticsHandler(IApplicationDbContext db, WorkspaceAccess access, TimeProvider clock)
{
    public async Task<IReadOnlyList<AccountChangesOnDay>> HandleAsync(string workspace, int? days, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        if (days is < 1 or > 366) throw DomainException.Validation("days", "days is 1 to 366.");
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var since = today.AddDays(1 - (days ?? 30)).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var changes = await db.AccountChanges.Where(c => c.WorkspaceId == scope.Id && c.OccurredAt >= since)
            .Select(c => new { c.OccurredAt, c.Kind }).ToListAsync(ct);
        return [.. changes.GroupBy(c => (Day: DateOnly.FromDateTime(c.OccurredAt), c.Kind))
            .OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Kind)
            .Select(g => new AccountChangesOnDay(g.Key.Day, g.Key.Kind, g.Count()))];
    }
}
