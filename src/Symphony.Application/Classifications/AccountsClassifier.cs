using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Domain.Alerts;
using Symphony.Domain.Classifications;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Classifications;

/// <summary>
/// Puts an instance's active accounts in the classifications whose current rule for the instance's db type they
/// match, and takes them out of the others, saving the assignments and a "classified" change per account that
/// moved. Each rule version is compiled once per process and kept (versions never change). An account without
/// permission facts keeps its assignments as they are; an account gone (deactivated) leaves every classification.
/// A rule failing on an account fails closed (the account is not in it by that rule) and is reported; a stored rule
/// that no longer compiles is reported and its assignments are left as they are. A pass that evaluates longer than
/// <see cref="ClassificationOptions.PassBudget"/> stops with RULE_BUDGET_EXCEEDED and saves nothing.
/// </summary>
public sealed class AccountsClassifier(IOptions<ClassificationOptions> options, TimeProvider clock) : IAccountsClassifier
{
    /// <summary>Compiled rules kept; past this many the cache starts over (rules are recompiled on use).</summary>
    private const int MaxCompiled = 5_000;

    private readonly ConcurrentDictionary<Guid, RuleExpression> _compiled = new();

    public async Task<AccountsClassified> ClassifyAsync(IApplicationDbContext db, Instance instance, Guid? runId, DateTime now, CancellationToken ct)
    {
        try
        {
            return await ClassifyOnceAsync(db, instance, runId, now, ct);
        }
        catch (DbUpdateException)
        {
            // Another item classified the instance at the same time (a sync and the nightly job): drop what this
            // one meant to write and do it again over what the other wrote.
            Forget(db);
            return await ClassifyOnceAsync(db, instance, runId, now, ct);
        }
        catch (DomainException e) when (e.Code == MessageCodes.RuleBudgetExceeded)
        {
            // Nothing of a pass cut short is saved by a later save of the same context.
            Forget(db);
            throw;
        }
    }

    /// <summary>The instance's active accounts' snapshots, read once for the rules that ask about single objects.</summary>
    private static InstanceObjectFacts ObjectFactsOf(Instance instance, List<Account> accounts) =>
        new(accounts.Where(a => a.IsActive).Select(a => JsonSerializer.Deserialize(a.Snapshot, LedgerJson.Default.AccountSnapshot)!)
                .ToDictionary(s => s.Name, StringComparer.Ordinal),
            PrivilegeHoldersHandler.PublicGrantsOf(instance.PublicGrants));

    private static void Forget(IApplicationDbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is AccountClassification or AccountChange or AlertEvent).ToList())
            entry.State = EntityState.Detached;
    }

    private async Task<AccountsClassified> ClassifyOnceAsync(IApplicationDbContext db, Instance instance, Guid? runId, DateTime now, CancellationToken ct)
    {
        // The newest version of each active classification's rule for this db type, chosen in SQL.
        var current = await ClassificationRules.Current(db).AsNoTracking()
            .Where(r => r.WorkspaceId == instance.WorkspaceId && r.DbType == instance.DbType)
            .Join(db.Classifications, r => r.ClassificationId, c => c.Id, (r, c) => new { Rule = r, c.Code, c.RiskLevel })
            .ToListAsync(ct);
        var errors = new Dictionary<string, (string First, int Count)>(StringComparer.Ordinal);
        var rules = new List<(ClassificationRule Rule, string Code, RuleExpression Expression)>();
        var risks = current.ToDictionary(x => x.Rule.ClassificationId, x => x.RiskLevel);
        var unusable = new HashSet<Guid>();
        foreach (var (rule, code) in current.Select(x => (x.Rule, x.Code)))
        {
            try
            {
                rules.Add((rule, code, Compiled(rule)));
            }
            catch (DomainException e)
            {
                unusable.Add(rule.ClassificationId);
                errors[$"{code} v{rule.RuleVersion}"] = ($"the stored rule does not compile: {e.Message}", 0);
            }
        }
        var codes = await db.Classifications.IgnoreQueryFilters().Where(c => c.WorkspaceId == instance.WorkspaceId)
            .ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var accounts = await db.Accounts.AsNoTracking().Where(a => a.InstanceId == instance.Id).ToListAsync(ct);
        var objects = rules.Any(r => r.Expression.ReadsObjects) ? ObjectFactsOf(instance, accounts) : null;
        var assigned = (await db.AccountClassifications.Where(a => a.InstanceId == instance.Id).ToListAsync(ct)).ToLookup(a => a.AccountId);

        int withoutFacts = 0, entered = 0, left = 0;
        var active = new HashSet<Guid>();
        var started = clock.GetTimestamp();
        var budget = options.Value.PassBudget;
        foreach (var account in accounts)
        {
            if (clock.GetElapsedTime(started) > budget)
                throw new DomainException(MessageCodes.RuleBudgetExceeded,
                    $"Classifying the accounts of '{instance.Name}' stopped after {budget.TotalSeconds:0.#} s, {active.Count} of {accounts.Count} accounts in; "
                    + $"nothing was saved. The workspace's {rules.Count} rules for {instance.DbType} are too costly: simplify their name_matches patterns.");
            active.Add(account.Id);
            if (AccountFactSets.From(account, instance.DbType, now, objects) is not { } facts)
            {
                withoutFacts++;
                continue;
            }
            var held = assigned[account.Id].ToDictionary(a => a.ClassificationId);
            var wanted = new HashSet<Guid>(unusable);
            var added = new List<string>();
            var entering = new List<(string Code, int Risk, int Version)>();
            foreach (var (rule, code, expression) in rules)
            {
                if (!expression.Matches(facts, out var error))
                {
                    if (error is not null)
                        errors[$"{code} v{rule.RuleVersion}"] = errors.TryGetValue($"{code} v{rule.RuleVersion}", out var seen) ? (seen.First, seen.Count + 1) : (error, 1);
                    continue;
                }
                wanted.Add(rule.ClassificationId);
                if (!held.TryGetValue(rule.ClassificationId, out var kept))
                {
                    db.AccountClassifications.Add(new AccountClassification
                    {
                        WorkspaceId = instance.WorkspaceId, InstanceId = instance.Id, AccountId = account.Id, ClassificationId = rule.ClassificationId,
                        RuleId = rule.Id, RuleVersion = rule.RuleVersion, RunId = runId, AssignedAt = now,
                    });
                    added.Add(Line(code, rule.RuleVersion));
                    entering.Add((code, risks[rule.ClassificationId], rule.RuleVersion));
                }
                else if (kept.RuleId != rule.Id)
                {
                    // Still in it, now by a newer version of the rule, confirmed by this run.
                    (kept.RuleId, kept.RuleVersion, kept.RunId) = (rule.Id, rule.RuleVersion, runId);
                }
            }
            var removed = Remove(db, held.Values.Where(a => !wanted.Contains(a.ClassificationId)), codes);
            entered += added.Count;
            left += removed.Count;
            if (added.Count + removed.Count == 0) continue;
            var change = Change(account, runId, added, removed, now);
            db.AccountChanges.Add(change);
            if (entering.Count > 0) db.AlertEvents.Add(Classified(account, instance, change, entering, runId, now));
        }
        // Accounts gone from the server (deactivated) are in no classification, and their history says so.
        var gone = assigned.Where(g => !active.Contains(g.Key)).ToList();
        if (gone.Count > 0)
        {
            var ids = gone.Select(g => g.Key).ToList();
            var names = await db.Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
            foreach (var assignments in gone)
            {
                var removed = Remove(db, assignments, codes);
                left += removed.Count;
                if (names.TryGetValue(assignments.Key, out var account)) db.AccountChanges.Add(Change(account, runId, [], removed, now));
            }
        }
        await db.SaveChangesAsync(ct);
        return new AccountsClassified(accounts.Count, withoutFacts, current.Count, entered, left,
            [.. errors.Select(e => e.Value.Count == 0 ? $"{e.Key}: {e.Value.First}" : $"{e.Key}: {e.Value.First} ({e.Value.Count} account(s))")]);
    }

    private RuleExpression Compiled(ClassificationRule rule)
    {
        if (_compiled.TryGetValue(rule.Id, out var compiled)) return compiled;
        if (_compiled.Count >= MaxCompiled) _compiled.Clear();
        return _compiled.GetOrAdd(rule.Id, _ => RuleExpression.Compile(rule.Expression));
    }

    private static List<string> Remove(IApplicationDbContext db, IEnumerable<AccountClassification> assignments, Dictionary<Guid, string> codes)
    {
        var removed = new List<string>();
        foreach (var stale in assignments.ToList())
        {
            db.AccountClassifications.Remove(stale);
            removed.Add(Line(codes.GetValueOrDefault(stale.ClassificationId, "deleted"), stale.RuleVersion));
        }
        return removed;
    }

    /// <summary>The alert of an account entering classifications, at the highest risk among them.</summary>
    private static AlertEvent Classified(Account account, Instance instance, AccountChange change, List<(string Code, int Risk, int Version)> entering, Guid? runId, DateTime now) => new()
    {
        WorkspaceId = account.WorkspaceId, Event = AlertEvents.AccountClassified, SourceKey = $"change:{change.Id}", OccurredAt = now,
        RiskLevel = entering.Max(e => e.Risk),
        Payload = JsonSerializer.Serialize(new
        {
            account_id = account.Id, account = account.Name, instance_id = instance.Id, instance = instance.Name, db_type = instance.DbType, run_id = runId,
            classifications = entering.Select(e => new { code = e.Code, risk_level = e.Risk, rule_version = e.Version }),
        }),
    };

    internal static string Line(string code, int version) => $"classification:{code} (rule v{version})";

    internal static AccountChange Change(Account account, Guid? runId, List<string> added, List<string> removed, DateTime now) => new()
    {
        WorkspaceId = account.WorkspaceId, InstanceId = account.InstanceId, AccountId = account.Id, AccountName = account.Name, RunId = runId,
        Kind = AccountChangeKind.Classified, OccurredAt = now,
        Diff = JsonSerializer.Serialize(new ChangeDiff(added, removed), LedgerJson.Default.ChangeDiff),
    };
}
