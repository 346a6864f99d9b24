using Symphony.Application.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>What classifying an instance's accounts did: accounts that entered and left classifications, rule errors.</summary>
public sealed record AccountsClassified(int Accounts, int WithoutFacts, int Rules, int Entered, int Left, IReadOnlyList<string> RuleErrors)
{
    /// <summary>As a run item's result shows it.</summary>
    public object ToResult() => new { accounts = Accounts, without_facts = WithoutFacts, rules = Rules, entered = Entered, left = Left, rule_errors = RuleErrors };
}

/// <summary>
/// Classifies an instance's accounts by the workspace's rules; run after every accounts sync of the instance, in
/// the sync's item. Implemented by the classifications feature, which builds on the fleet.
/// </summary>
public interface IAccountsClassifier
{
    Task<AccountsClassified> ClassifyAsync(IApplicationDbContext db, Instance instance, Guid? runId, DateTime now, CancellationToken ct);
}
