using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Classifications;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Classifications;

/// <summary>
/// What an unsaved rule would match: evaluated over the active accounts of the workspace's active instances of its
/// db type, nothing saved. Accounts without permission facts yet are counted apart, never matched. Any reader may
/// preview, so a caller's previews are rate-limited (<see cref="PreviewThrottle"/>) and each stops with 422
/// RULE_BUDGET_EXCEEDED past <see cref="ClassificationOptions.PreviewBudget"/>.
/// </summary>
public sealed record RulePreview(int Evaluated, int Matched, int WithoutFacts, int Failed, IReadOnlyList<AccountDto> Accounts);

public sealed class PreviewRuleHandler(
    IApplicationDbContext db, WorkspaceLookup lookup, RuleCommandValidator validator, ICurrentUser caller, PreviewThrottle throttle,
    IOptions<ClassificationOptions> options, TimeProvider clock)
{
    public const int FirstPage = 50;

    public async Task<RulePreview> HandleAsync(string workspace, Guid classificationId, RuleCommand command, CancellationToken ct)
    {
        var classification = await lookup.FindAsync<Classification>(workspace, classificationId, Permission.ReadWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        using var permit = throttle.Acquire(caller.RequireUserId());
        var started = clock.GetTimestamp();
        var budget = options.Value.PreviewBudget;
        var expression = RuleExpression.Compile(command.Rule!.Value);
        var now = clock.GetUtcNow().UtcDateTime;
        // A rule about single objects reads each instance's snapshots, loaded before the accounts are streamed.
        var objects = new Dictionary<Guid, InstanceObjectFacts>();
        if (expression.ReadsObjects)
        {
            var instances = await db.Instances.AsNoTracking().Where(i => i.WorkspaceId == classification.WorkspaceId && i.DbType == command.DbType)
                .Select(i => new { i.Id, i.PublicGrants }).ToListAsync(ct);
            foreach (var instance in instances)
            {
                if (clock.GetElapsedTime(started) > budget)
                    throw new DomainException(MessageCodes.RuleBudgetExceeded,
                        $"The preview stopped after {budget.TotalSeconds:0.#} s reading the instances' accounts for has_object_privilege: preview it over fewer instances.");
                var (_, byName) = await InstanceSnapshots.LoadAsync(db, classification.WorkspaceId, instance.Id, ct);
                objects[instance.Id] = new InstanceObjectFacts(byName, PrivilegeHoldersHandler.PublicGrantsOf(instance.PublicGrants));
            }
        }
        // The accounts streamed without their snapshots: only what a rule reads and a list shows.
        var accounts = db.Accounts.AsNoTracking()
            .Where(a => a.WorkspaceId == classification.WorkspaceId)
            .Join(db.Instances.Where(i => i.WorkspaceId == classification.WorkspaceId && i.DbType == command.DbType), a => a.InstanceId, i => i.Id, (a, i) => a)
            .OrderBy(a => a.Name).ThenBy(a => a.Id)
            .Select(a => new Account
            {
                Id = a.Id, WorkspaceId = a.WorkspaceId, InstanceId = a.InstanceId, Name = a.Name, Facts = a.Facts, PasswordExpiresAt = a.PasswordExpiresAt,
                IsSuperuser = a.IsSuperuser, CanLogin = a.CanLogin, IsLocked = a.IsLocked, FirstSeenAt = a.FirstSeenAt, LastSeenAt = a.LastSeenAt,
                LastChangedAt = a.LastChangedAt, IsActive = a.IsActive,
            })
            .AsAsyncEnumerable();
        int evaluated = 0, matched = 0, withoutFacts = 0, failed = 0;
        var first = new List<AccountDto>();
        await foreach (var account in accounts.WithCancellation(ct))
        {
            if (clock.GetElapsedTime(started) > budget)
                throw new DomainException(MessageCodes.RuleBudgetExceeded,
                    $"The preview stopped after {budget.TotalSeconds:0.#} s, {evaluated} accounts in: the rule is too costly over this workspace's accounts. "
                    + "Use fewer or simpler name_matches patterns, or narrow the rule with cheaper tests first (and evaluates left to right).");
            evaluated++;
            if (AccountFactSets.From(account, command.DbType!, now, objects.GetValueOrDefault(account.InstanceId)) is not { } facts)
            {
                withoutFacts++;
                continue;
            }
            if (!expression.Matches(facts, out var error))
            {
                if (error is not null) failed++;
                continue;
            }
            matched++;
            if (first.Count < FirstPage) first.Add(AccountDto.From(account));
        }
        return new RulePreview(evaluated - withoutFacts, matched, withoutFacts, failed, first);
    }
}
