using System.Text.Json;
using Symphony.Application.Automations;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>An account of the ledger; <c>SignInState</c> says whether it can sign in, and if not why (<see cref="SignInStates"/>), empty before the first sync that judged it.</summary>
public sealed record AccountDto(
    Guid Id, Guid InstanceId, string Name, bool IsSuperuser, bool CanLogin, bool IsLocked, DateTime? PasswordExpiresAt,
    DateTime FirstSeenAt, DateTime LastSeenAt, DateTime? LastChangedAt, bool IsActive, string SignInState)
{
    public static AccountDto From(Account a) => new(
        a.Id, a.InstanceId, a.Name, a.IsSuperuser, a.CanLogin, a.IsLocked, a.PasswordExpiresAt, a.FirstSeenAt, a.LastSeenAt, a.LastChangedAt, a.IsActive,
        a.SignInState);
}

/// <summary>
/// One account with its permission snapshot, the facts derived from it, its effective privileges (through the roles
/// it inherits), the roles it inherits and those it reaches only by SET ROLE, each with the chain that leads to it.
/// </summary>
public sealed record AccountDetailDto(
    AccountDto Account, JsonElement Snapshot, JsonElement Facts, IReadOnlyList<EffectivePrivilege> EffectivePrivileges, IReadOnlyList<ReachedRole> SetRoleOnly,
    IReadOnlyList<ReachedRole> InheritedRoles);

/// <summary>A change entry: the lines added and removed (<c>diff</c>), and the same as sentences.</summary>
public sealed record AccountChangeDto(
    Guid Id, Guid InstanceId, Guid AccountId, string AccountName, Guid? RunId, AccountChangeKind Kind, JsonElement Diff, DateTime OccurredAt,
    IReadOnlyList<string> Sentences)
{
    public static AccountChangeDto From(AccountChange c)
    {
        var diff = JsonSerializer.Deserialize(c.Diff, LedgerJson.Default.ChangeDiff);
        return new(c.Id, c.InstanceId, c.AccountId, c.AccountName, c.RunId, c.Kind, Payloads.Parse(c.Diff), c.OccurredAt,
            ChangeSentences.Of(c.Kind, diff?.Added ?? [], diff?.Removed ?? []));
    }
}
