using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;

namespace Symphony.Application.Classifications;

public sealed record ClassificationCount(Guid ClassificationId, string Code, string Name, int RiskLevel, int Accounts);

public sealed record RiskLevelCount(int RiskLevel, int Accounts);

public sealed record InstanceClassificationCount(Guid InstanceId, string Instance, string DbType, int Accounts, int Classified, int? HighestRisk);

public sealed record DbTypeClassificationCount(string DbType, int Accounts, int Classified);

/// <summary>
/// The workspace's active accounts by classification, by risk level (each account counted once, at the highest
/// risk of its classifications; 0 for none), per instance and per db type: what the dashboard shows.
/// </summary>
public sealed record ClassificationStatistics(
    int Accounts, int Classified, IReadOnlyList<ClassificationCount> ByClassification, IReadOnlyList<RiskLevelCount> ByRiskLevel,
    IReadOnlyList<InstanceClassificationCount> ByInstance, IReadOnlyList<DbTypeClassificationCount> ByDbType);

public sealed class GetClassificationStatisticsHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public async Task<ClassificationStatistics> HandleAsync(string workspace, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        // Active accounts of active instances, with the highest risk of their classifications; grouped in SQL.
        var accounts = db.Accounts.Where(a => a.WorkspaceId == scope.Id)
            .Join(db.Instances, a => a.InstanceId, i => i.Id, (a, i) => new
            {
                a.Id, a.InstanceId, i.Name, i.DbType,
                Risk = db.AccountClassifications.Where(c => c.AccountId == a.Id)
                    .Join(db.Classifications, c => c.ClassificationId, k => k.Id, (c, k) => (int?)k.RiskLevel).Max() ?? 0,
            });
        var byInstance = await accounts.GroupBy(a => new { a.InstanceId, a.Name, a.DbType })
            .Select(g => new
            {
                g.Key.InstanceId, g.Key.Name, g.Key.DbType, Accounts = g.Count(),
                Classified = g.Count(a => a.Risk > 0), HighestRisk = g.Max(a => a.Risk),
            })
            .ToListAsync(ct);
        var byRisk = await accounts.GroupBy(a => a.Risk).Select(g => new RiskLevelCount(g.Key, g.Count())).ToListAsync(ct);
        var byClassification = await db.Classifications.Where(c => c.WorkspaceId == scope.Id)
            .Select(c => new
            {
                c.Id, c.Code, c.Name, c.RiskLevel,
                Accounts = db.AccountClassifications.Count(a => a.ClassificationId == c.Id && db.Accounts.Any(x => x.Id == a.AccountId)
                    && db.Instances.Any(i => i.Id == a.InstanceId)),
            })
            .ToListAsync(ct);
        return new ClassificationStatistics(
            byInstance.Sum(i => i.Accounts), byInstance.Sum(i => i.Classified),
            [.. byClassification.OrderByDescending(c => c.RiskLevel).ThenBy(c => c.Code, StringComparer.Ordinal)
                .Select(c => new ClassificationCount(c.Id, c.Code, c.Name, c.RiskLevel, c.Accounts))],
            [.. byRisk.OrderByDescending(r => r.RiskLevel)],
            [.. byInstance.OrderBy(i => i.Name, StringComparer.Ordinal)
                .Select(i => new InstanceClassificationCount(i.InstanceId, i.Name, i.DbType, i.Accounts, i.Classified, i.HighestRisk > 0 ? i.HighestRisk : null))],
            [.. byInstance.GroupBy(i => i.DbType).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new DbTypeClassificationCount(g.Key, g.Sum(i => i.Accounts), g.Sum(i => i.Classified)))]);
    }
}
