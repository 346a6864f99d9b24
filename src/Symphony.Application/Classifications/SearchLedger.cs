using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Fleet;

namespace Symphony.Application.Classifications;

/// <summary>An account of the ledger with where it is and how it is classified.</summary>
public sealed record LedgerAccountDto(AccountDto Account, string Instance, string DbType, IReadOnlyList<AccountClassificationDto> Classifications)
{
    public int HighestRisk => Classifications.Count == 0 ? 0 : Classifications.Max(c => c.RiskLevel);
}

/// <summary>
/// The workspace ledger as the console shows it and the export writes it: a page of the account list (its filters
/// and sorts, <see cref="ListAccountsHandler"/>), each account with its instance's name and type and its classifications.
/// </summary>
public sealed class SearchLedgerHandler(ListAccountsHandler accounts, IApplicationDbContext db)
{
    public async Task<PagedResult<LedgerAccountDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var page = await accounts.HandleAsync(workspace, request, ct);
        var instanceIds = page.Items.Select(a => a.InstanceId).Distinct().ToList();
        var instances = await db.Instances.IgnoreQueryFilters().AsNoTracking().Where(i => instanceIds.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, i => (i.Name, i.DbType), ct);
        var ids = page.Items.Select(a => a.Id).ToList();
        var classes = (await db.AccountClassifications.Where(c => ids.Contains(c.AccountId))
                .Join(db.Classifications, c => c.ClassificationId, k => k.Id, (c, k) => new { c, k }).ToListAsync(ct))
            .ToLookup(x => x.c.AccountId, x => new AccountClassificationDto(
                x.k.Id, x.k.Code, x.k.Name, x.k.RiskLevel, x.k.Priority, x.k.Colour, x.c.RuleVersion, x.c.RunId, x.c.AssignedAt));
        return new PagedResult<LedgerAccountDto>(
            [.. page.Items.Select(a => new LedgerAccountDto(a, instances.GetValueOrDefault(a.InstanceId).Name ?? "", instances.GetValueOrDefault(a.InstanceId).DbType ?? "",
                [.. classes[a.Id].OrderByDescending(c => c.Priority).ThenBy(c => c.Code, StringComparer.Ordinal)]))],
            page.Total, page.Page, page.Pages, page.Limit);
    }
}
