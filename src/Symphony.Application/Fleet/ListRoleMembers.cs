using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>
/// An account that is a member of the role, directly (<c>through</c> is the role alone) or through other roles, and
/// whether it uses the role's privileges at sign-in (<c>inherits</c>) or only by SET ROLE.
/// </summary>
public sealed record RoleMemberDto(Guid AccountId, string Account, bool CanLogin, bool Inherits, IReadOnlyList<string> Through);

/// <summary>The members of one role of an instance, as its last accounts sync saw them.</summary>
public sealed record RoleMembersDto(Guid AccountId, string Role, IReadOnlyList<RoleMemberDto> Members);

/// <summary>
/// "Who is in this role": every active account of the role's instance that reaches it through its memberships, with
/// the shortest chain, inheriting ones first found by the same rules as effective privileges.
/// </summary>
public sealed class RoleMembersHandler(IApplicationDbContext db, WorkspaceLookup lookup)
{
    public async Task<RoleMembersDto> HandleAsync(string workspace, Guid accountId, CancellationToken ct)
    {
        var role = await lookup.FindAsync<Account>(workspace, accountId, Permission.ReadWorkspace, ct, includeDeleted: true);
        var (accounts, byName) = await InstanceSnapshots.LoadAsync(db, role.WorkspaceId, role.InstanceId, ct);
        var members = new List<RoleMemberDto>();
        foreach (var (id, canLogin, snapshot) in accounts.Where(a => a.Id != role.Id))
        {
            if (EffectivePrivileges.Inherited(snapshot, byName).FirstOrDefault(r => r.Role == role.Name) is { Path: { } inherited })
                members.Add(new RoleMemberDto(id, snapshot.Name, canLogin, true, inherited));
            else if (EffectivePrivileges.SetRoleOnly(snapshot, byName).FirstOrDefault(r => r.Role == role.Name) is { Path: { } setRole })
                members.Add(new RoleMemberDto(id, snapshot.Name, canLogin, false, setRole));
        }
        return new RoleMembersDto(role.Id, role.Name, members.OrderBy(m => m.Through.Count).ThenBy(m => m.Account, StringComparer.Ordinal).ToList());
    }
}
