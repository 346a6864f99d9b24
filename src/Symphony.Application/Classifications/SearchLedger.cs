using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Common;

namespace Symphony.Application.Classifications;

/// <summary>
/// What the workspace ledger page asks: accounts of the workspace narrowed by instance, instance tag, db type,
/// classification, lowest risk, capability and state (<c>active</c>, <c>gone</c>, <c>all</c>), and a name search.
/// </summary>
public sealed record LedgerQuery(
    string? Search = null, Guid? InstanceId = null, string? Tag = null, string? DbType = null, string? Classification = null, int? MinRisk = null,
    bool? Superuser = null, bool? CanLogin = null, bool? Locked = null, bool? Classified = null, string State = "active", int Page = 1);

/// <summary>An account of the ledger with where it is and what it is.</summary>
public sealed record LedgerAccountDto(AccountDto Account, string Instance, string DbType, IReadOnlyList<AccountClassificationDto> Classifications)
{
    public int HighestRisk => Classifications.Count == 0 ? 0 : Classifications.Max(c => c.RiskLevel);
}

public sealed class SearchLedgerHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public const int PageSize = 50;

    public async Task<PagedResult<LedgerAccountDto>> HandleAsync(string workspace, LedgerQuery query, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        if (query.State is not ("active" or "gone" or "all")) throw DomainException.Validation("state", "state is active, gone or all.");
        if (query.MinRisk is < 1 or > 6) throw DomainException.Validation("min_risk", "min_risk is 1 to 6.");
        if (query.Search is { Length: > 200 }) throw DomainException.Validation("search", "search is at most 200 characters.");
        var page = Math.Clamp(query.Page, 1, ListDefinition<Domain.Fleet.Account>.MaxPage);

        var accounts = (query.State == "active" ? db.Accounts : db.Accounts.IgnoreQueryFilters())
            .Where(a => a.WorkspaceId == scope.Id && (query.State != "gone" || !a.IsActive));
        if (query.Search is { Length: > 0 } search) accounts = accounts.Where(a => a.Name.ToLower().Contains(search.ToLower()));
        if (query.InstanceId is { } instanceId) accounts = accounts.Where(a => a.InstanceId == instanceId);
        if (query.Superuser is { } superuser) accounts = accounts.Where(a => a.IsSuperuser == superuser);
        if (query.CanLogin is { } canLogin) accounts = accounts.Where(a => a.CanLogin == canLogin);
        if (query.Locked is { } locked) accounts = accounts.Where(a => a.IsLocked == locked);
        if (query.Tag is { Length: > 0 } tag) accounts = accounts.Where(a => db.InstanceTags.Any(l => l.InstanceId == a.InstanceId && l.Tag!.Code == tag));
        var assignments = db.AccountClassifications.Join(db.Classifications, c => c.ClassificationId, k => k.Id, (c, k) => new { c.AccountId, k.Code, k.RiskLevel });
        if (query.Classification is { Length: > 0 } code) accounts = accounts.Where(a => assignments.Any(c => c.AccountId == a.Id && c.Code == code));
        if (query.MinRisk is { } risk) accounts = accounts.Where(a => assignments.Any(c => c.AccountId == a.Id && c.RiskLevel >= risk));
        if (query.Classified is { } classified) accounts = accounts.Where(a => assignments.Any(c => c.AccountId == a.Id) == classified);

        var rows = accounts.Join(db.Instances, a => a.InstanceId, i => i.Id, (a, i) => new { Account = a, Instance = i.Name, i.DbType });
        if (query.DbType is { Length: > 0 } dbType) rows = rows.Where(r => r.DbType == dbType);
        var total = await rows.CountAsync(ct);
        var items = await rows.OrderBy(r => r.Account.Name).ThenBy(r => r.Account.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);

        var ids = items.Select(r => r.Account.Id).ToList();
        var classes = (await db.AccountClassifications.Where(c => ids.Contains(c.AccountId))
                .Join(db.Classifications, c => c.ClassificationId, k => k.Id, (c, k) => new { c, k }).ToListAsync(ct))
            .ToLookup(x => x.c.AccountId, x => new AccountClassificationDto(
                x.k.Id, x.k.Code, x.k.Name, x.k.RiskLevel, x.k.Priority, x.k.Colour, x.c.RuleVersion, x.c.RunId, x.c.AssignedAt));
        return new PagedResult<LedgerAccountDto>(
            [.. items.Select(r => new LedgerAccountDto(AccountDto.From(r.Account), r.Instance, r.DbType,
                [.. classes[r.Account.Id].OrderByDescending(c => c.Priority).ThenBy(c => c.Code, StringComparer.Ordinal)]))],
            total, page, total == 0 ? 0 : (int)Math.Ceiling(total / (double)PageSize), PageSize);
    }
}
