using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Classifications;

/// <summary>A classification an account is in, with the rule version and run that put it there.</summary>
public sealed record AccountClassificationDto(
    Guid ClassificationId, string Code, string Name, int RiskLevel, int Priority, string? Colour, int RuleVersion, Guid? RunId, DateTime AssignedAt);

/// <summary>
/// The classifications of one account, highest priority first. An account without permission facts has none to
/// give: 409 PERMISSION_FACTS_MISSING until an accounts sync has written them.
/// </summary>
public sealed class GetAccountClassificationsHandler(IApplicationDbContext db, WorkspaceLookup lookup, TimeProvider clock)
{
    public async Task<IReadOnlyList<AccountClassificationDto>> HandleAsync(string workspace, Guid accountId, CancellationToken ct)
    {
        var account = await lookup.FindAsync<Account>(workspace, accountId, Permission.ReadWorkspace, ct, includeDeleted: true);
        if (AccountFactSets.From(account, "", clock.GetUtcNow().UtcDateTime) is null)
            throw new DomainException(MessageCodes.PermissionFactsMissing, $"Account '{account.Name}' has no permission facts yet; run an accounts sync of its instance first.");
        var rows = await db.AccountClassifications.Where(a => a.AccountId == account.Id)
            .Join(db.Classifications, a => a.ClassificationId, c => c.Id, (a, c) => new { a, c })
            .ToListAsync(ct);
        return rows.OrderByDescending(x => x.c.Priority).ThenBy(x => x.c.Code, StringComparer.Ordinal)
            .Select(x => new AccountClassificationDto(x.c.Id, x.c.Code, x.c.Name, x.c.RiskLevel, x.c.Priority, x.c.Colour, x.a.RuleVersion, x.a.RunId, x.a.AssignedAt))
            .ToList();
    }
}
