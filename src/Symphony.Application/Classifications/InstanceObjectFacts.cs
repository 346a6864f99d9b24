using Symphony.Application.Fleet;

namespace Symphony.Application.Classifications;

/// <summary>
/// What the accounts of one instance hold on single objects, for rules that ask (<c>has_object_privilege</c>): each
/// account's effective privileges worked out from the instance's snapshots the first time a rule asks about it, and
/// kept for the rest of the pass. "Held" is what "who can" answers: directly, or with <c>effective</c> also through
/// inherited roles, PUBLIC and a superuser's rights.
/// </summary>
public sealed class InstanceObjectFacts(IReadOnlyDictionary<string, AccountSnapshot> snapshots, IReadOnlyList<ObjectGrant> publicGrants)
{
    private readonly Dictionary<string, IReadOnlyList<EffectivePrivilege>> _effective = new(StringComparer.Ordinal);

    public bool Holds(string account, string objectName, string privilege, bool grantOption, bool effective)
    {
        if (!snapshots.TryGetValue(account, out var snapshot)) return false;
        if (!_effective.TryGetValue(account, out var held))
            _effective[account] = held = EffectivePrivileges.Of(snapshot, snapshots, publicGrants);
        return held.Any(p => (effective || p.Through.Count == 0) && (!grantOption || p.Grantable) && p.Covers(objectName, privilege));
    }
}
