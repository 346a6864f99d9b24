using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>
/// One account with its snapshot and facts, deactivated ones included, and what it can do through its roles: its
/// effective privileges (each with the roles it comes through), the roles it inherits and those it reaches only by SET ROLE.
/// </summary>
public sealed class GetAccountHandler(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public async Task<AccountDetailDto> HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        var account = await lookup.FindAsync<Account>(workspace, id, Permission.ReadWorkspace, ct, includeDeleted: true);
        var snapshot = JsonSerializer.Deserialize(account.Snapshot, LedgerJson.Default.AccountSnapshot)!;
        var roles = await RolesOfAsync(account, snapshot, ct);
        var publicGrants = await db.Instances.Where(i => i.Id == account.InstanceId).Select(i => i.PublicGrants).SingleOrDefaultAsync(ct);
        return new AccountDetailDto(AccountDto.From(account), Payloads.Parse(account.Snapshot), Payloads.Parse(account.Facts),
            EffectivePrivileges.Of(snapshot, roles, PrivilegeHoldersHandler.PublicGrantsOf(publicGrants)),
            EffectivePrivileges.SetRoleOnly(snapshot, roles).Select(r => new ReachedRole(r.Role, r.Path)).ToList(),
            EffectivePrivileges.Inherited(snapshot, roles).Select(r => new ReachedRole(r.Role, r.Path)).ToList());
    }

    /// <summary>The active accounts of the instance the account reaches through its memberships, read a level at a time.</summary>
    private async Task<Dictionary<string, AccountSnapshot>> RolesOfAsync(Account account, AccountSnapshot snapshot, CancellationToken ct)
    {
        var roles = new Dictionary<string, AccountSnapshot>(StringComparer.Ordinal) { [snapshot.Name] = snapshot };
        var wanted = snapshot.MemberOf.Select(m => m.Role).ToHashSet(StringComparer.Ordinal);
        while (wanted.Count > 0)
        {
            var names = wanted.ToList();
            var found = await db.Accounts.AsNoTracking().Where(a => a.InstanceId == account.InstanceId && names.Contains(a.Name))
                .Select(a => a.Snapshot).ToListAsync(ct);
            wanted.Clear();
            foreach (var role in found.Select(text => JsonSerializer.Deserialize(text, LedgerJson.Default.AccountSnapshot)!))
            {
                roles[role.Name] = role;
                wanted.UnionWith(role.MemberOf.Select(m => m.Role).Where(r => !roles.ContainsKey(r)));
            }
            wanted.ExceptWith(names);
        }
        return roles;
    }
}

/// <summary>A role the account can reach, with the chain of roles that leads to it.</summary>
public sealed record ReachedRole(string Role, IReadOnlyList<string> Through);
