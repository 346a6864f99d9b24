using System.Text.Json;
using Symphony.Application.Automations;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

public sealed record AccountDto(
    Guid Id, Guid InstanceId, string Name, bool IsSuperuser, bool CanLogin, bool IsLocked, DateTime? PasswordExpiresAt,
    DateTime FirstSeenAt, DateTime LastSeenAt, DateTime? LastChangedAt, bool IsActive)
{
    public static AccountDto From(Account a) => new(
        a.Id, a.InstanceId, a.Name, a.IsSuperuser, a.CanLogin, a.IsLocked, a.PasswordExpiresAt, a.FirstSeenAt, a.LastSeenAt, a.LastChangedAt, a.IsActive);
}

/// <summary>One account with its permission snapshot and the facts derived from it.</summary>
public sealed record AccountDetailDto(AccountDto Account, JsonElement Snapshot, JsonElement Facts);

public sealed record AccountChangeDto(
    Guid Id, Guid InstanceId, Guid AccountId, string AccountName, Guid? RunId, AccountChangeKind Kind, JsonElement Diff, DateTime OccurredAt)
{
    public static AccountChangeDto From(AccountChange c) =>
        new(c.Id, c.InstanceId, c.AccountId, c.AccountName, c.RunId, c.Kind, Payloads.Parse(c.Diff), c.OccurredAt);
}
