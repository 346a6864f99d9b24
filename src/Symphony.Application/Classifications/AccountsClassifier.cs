using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Domain.Classifications;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Classifications;

/// <summary>
/// Puts an instance's active accounts in the classifications whose current rule for the instance's db type they
/// match, and takes them out of the others, saving the assignments and a "classified" change per account that
/// moved. Each rule version is compiled once per process and kept (versions never change). An account without
/// permission facts keeps its assignments as they are; an account gone (deactivated) leaves every classification.
/// A rule failing on an account fails closed and is reported.
/// </summary>
public sealed class AccountsClassifier : IAccountsClassifier
{
    private readonly ConcurrentDictionary<Guid, RuleExpression> _compiled = new();

    public async Task<AccountsClassified> ClassifyAsync(IApplicationDbContext db, Instance instance, Guid? runId, DateTime now, CancellationToken ct)
    {
        // The newest version of each active classification's rule for this db type.
        var rules = (await db.ClassificationRules.AsNoTracking()
                .Where(r => r.WorkspaceId == instance.WorkspaceId && r.DbType == instance.DbType)
                .Join(db.Classifications, r => r.ClassificationId, c => c.Id, (r, c) => new { Rule = r, c.Code })
                .ToListAsync(ct))
            .GroupBy(x => x.Rule.ClassificationId).Select(g => g.MaxBy(x => x.Rule.RuleVersion)!)
            .Select(x => (x.Rule, x.Code, Expression: _compiled.GetOrAdd(x.Rule.Id, _ => RuleExpression.Compile(x.Rule.Expression))))
            .ToList();
        var codes = await db.Classifications.IgnoreQueryFilters().Where(c => c.WorkspaceId == instance.WorkspaceId)
            .ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var accounts = await db.Accounts.AsNoTracking().Where(a => a.InstanceId == instance.Id).ToListAsync(ct);
        var assigned = (await db.AccountClassifications.Where(a => a.InstanceId == instance.Id).ToListAsync(ct))
            .ToLookup(a => a.AccountId);

        int withoutFacts = 0, entered = 0, left = 0;
        var errors = new Dictionary<string, (string First, int Count)>(StringComparer.Ordinal);
        var active = new HashSet<Guid>();
        foreach (var account in accounts)
        {
            active.Add(account.Id);
            if (AccountFactSets.From(account, instance.DbType, now) is not { } facts)
            {
                withoutFacts++;
                continue;
            }
            var current = assigned[account.Id].ToDictionary(a => a.ClassificationId);
            var wanted = new HashSet<Guid>();
            var added = new List<string>();
            foreach (var (rule, code, expression) in rules)
            {
                if (!expression.Matches(facts, out var error))
                {
                    if (error is not null)
                        errors[$"{code} v{rule.RuleVersion}"] = errors.TryGetValue($"{code} v{rule.RuleVersion}", out var seen) ? (seen.First, seen.Count + 1) : (error, 1);
                    continue;
                }
                wanted.Add(rule.ClassificationId);
                if (!current.TryGetValue(rule.ClassificationId, out var kept))
                {
                    db.AccountClassifications.Add(new AccountClassification
                    {
                        WorkspaceId = instance.WorkspaceId, InstanceId = instance.Id, AccountId = account.Id, ClassificationId = rule.ClassificationId,
                        RuleId = rule.Id, RuleVersion = rule.RuleVersion, RunId = runId, AssignedAt = now,
                    });
                    added.Add(Line(code, rule.RuleVersion));
                }
                else if (kept.RuleId != rule.Id)
                {
                    // Still in it, now by a newer version of the rule.
                    (kept.RuleId, kept.RuleVersion) = (rule.Id, rule.RuleVersion);
                }
            }
            var removed = new List<string>();
            foreach (var stale in current.Values.Where(a => !wanted.Contains(a.ClassificationId)))
            {
                db.AccountClassifications.Remove(stale);
                removed.Add(Line(codes.GetValueOrDefault(stale.ClassificationId, "deleted"), stale.RuleVersion));
            }
            entered += added.Count;
            left += removed.Count;
            if (added.Count + removed.Count > 0) db.AccountChanges.Add(Change(account, runId, added, removed, now));
        }
        // Accounts gone from the server (deactivated) are in no classification.
        foreach (var gone in assigned.Where(g => !active.Contains(g.Key)))
        {
            db.AccountClassifications.RemoveRange(gone);
            left += gone.Count();
        }
        await db.SaveChangesAsync(ct);
        return new AccountsClassified(accounts.Count, withoutFacts, rules.Count, entered, left,
            [.. errors.Select(e => $"{e.Key}: {e.Value.First} ({e.Value.Count} account(s))")]);
    }

    private static string Line(string code, int version) => $"classification:{code} (rule v{version})";

    private static AccountChange Change(Account account, Guid? runId, List<string> added, List<string> removed, DateTime now) => new()
    {
        WorkspaceId = account.WorkspaceId, InstanceId = account.InstanceId, AccountId = account.Id, AccountName = account.Name, RunId = runId,
        Kind = AccountChangeKind.Classified, OccurredAt = now,
        Diff = JsonSerializer.Serialize(new ChangeDiff(added, removed), LedgerJson.Default.ChangeDiff),
    };
}
