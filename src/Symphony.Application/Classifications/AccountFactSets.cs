using System.Text.Json;
using Symphony.Application.Fleet;
using Symphony.Domain.Classifications;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Classifications;

/// <summary>An account of the ledger as the rules read it.</summary>
public static class AccountFactSets
{
    /// <summary>The account's fact set, or null while it has no permission facts (written by its first accounts sync).</summary>
    public static AccountFactSet? From(Account account, string dbType, DateTime now, InstanceObjectFacts? objects = null)
    {
        AccountFacts? facts;
        try
        {
            facts = JsonSerializer.Deserialize(account.Facts, LedgerJson.Default.AccountFacts);
        }
        catch (JsonException)
        {
            return null;
        }
        if (facts?.Capabilities is null || facts.Roles is null || facts.Privileges is null) return null;
        return new AccountFactSet
        {
            Name = account.Name, DbType = dbType, Now = now, PasswordExpiresAt = account.PasswordExpiresAt,
            Capabilities = facts.Capabilities.ToHashSet(StringComparer.Ordinal),
            DirectRoles = facts.Roles.ToHashSet(StringComparer.Ordinal),
            EffectiveRoles = facts.Roles.Concat(facts.InheritedRoles ?? []).ToHashSet(StringComparer.Ordinal),
            PrivilegeKeys = AccountFactSet.KeysOf(facts.Privileges),
            SignInState = facts.SignInState ?? "", Anonymous = facts.Anonymous,
            ObjectPrivileges = objects is null ? null : (objectName, privilege, grantOption, effective) =>
                objects.Holds(account.Name, objectName, privilege, grantOption, effective),
        };
    }
}
