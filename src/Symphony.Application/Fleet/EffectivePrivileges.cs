namespace Symphony.Application.Fleet;

/// <summary>
/// One privilege an account can use without <c>SET ROLE</c>, and the roles it comes through: none when the account
/// holds it itself, <c>["app_readwrite", "app_read"]</c> through a chain, <c>["PUBLIC"]</c> when everyone holds it.
/// <see cref="Object"/> is an object as <see cref="ObjectGrant"/> names it, a database or schema, <c>*</c> (every
/// object: MySQL's <c>*.*</c>, a superuser, PostgreSQL's <c>pg_read_all_data</c>) or <c>shop.*</c> (every object of
/// a MySQL database).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "An object is what a grant is on: the word DBAs and the engines use.")]
public sealed record EffectivePrivilege(string Object, string Kind, string Privilege, bool Grantable, IReadOnlyList<string> Through)
{
    /// <summary>Whether this privilege lets its holder do <paramref name="privilege"/> on <paramref name="target"/> (a column included).</summary>
    public bool Covers(string target, string privilege)
    {
        if (Privilege != privilege && Privilege != EffectivePrivileges.AllPrivileges) return false;
        if (Object == "*" || Object == target) return true;
        if (Object.EndsWith(".*", StringComparison.Ordinal)) return target.StartsWith(Object[..^1], StringComparison.Ordinal);
        // A relation's privilege holds on each of its columns (has_column_privilege, MySQL's column checks).
        return ObjectKinds.IsRelation(Kind)
            && target.Length > Object.Length + 1 && target[Object.Length] == '.' && target.StartsWith(Object, StringComparison.Ordinal)
            && !target.AsSpan(Object.Length + 1).Contains('.');
    }
}

/// <summary>
/// What an account can do through the roles it uses at sign-in (docs/architecture/fleet-domain.md, "Effective
/// privileges"): its own grants, those of each role it inherits (followed through chains, each with the shortest path),
/// PUBLIC's, and every privilege for a superuser. Memberships without inheritance (PostgreSQL's NOINHERIT, a MySQL or
/// MariaDB role that is not a default role) give nothing until <c>SET ROLE</c>, and are listed apart.
/// </summary>
public static class EffectivePrivileges
{
    public const string Public = "PUBLIC", Superuser = "SUPERUSER", AllPrivileges = "ALL PRIVILEGES";

    /// <summary>PostgreSQL's predefined roles that hold privileges on every table, view and sequence (<c>has_table_privilege</c> honours them).</summary>
    private static readonly Dictionary<string, string[]> EveryRelation = new(StringComparer.Ordinal)
    {
        ["pg_read_all_data"] = ["SELECT"],
        ["pg_write_all_data"] = ["INSERT", "UPDATE", "DELETE"],
    };

    /// <param name="account">The account.</param>
    /// <param name="roles">The instance's accounts by name, to read the grants of the roles it inherits.</param>
    /// <param name="publicGrants">What PostgreSQL's PUBLIC holds on the instance (every role has it).</param>
    public static IReadOnlyList<EffectivePrivilege> Of(
        AccountSnapshot account, IReadOnlyDictionary<string, AccountSnapshot> roles, IReadOnlyList<ObjectGrant> publicGrants)
    {
        var result = new List<EffectivePrivilege>();
        // A PostgreSQL superuser passes every check; MySQL's SUPER is an administrative privilege, and its ALL PRIVILEGES is a global grant.
        if (account.Attributes.Superuser && account.GlobalPrivileges is null)
            result.Add(new EffectivePrivilege("*", "*", AllPrivileges, true, [Superuser]));
        Held(account, [], result);
        foreach (var (role, path) in Inherited(account, roles))
        {
            if (roles.TryGetValue(role, out var snapshot)) Held(snapshot, path, result);
            foreach (var privilege in EveryRelation.GetValueOrDefault(role) ?? [])
                result.Add(new EffectivePrivilege("*", ObjectKinds.Table, privilege, false, path));
        }
        // PUBLIC is PostgreSQL's; MySQL and MariaDB 10 have none (their collectors leave it empty).
        foreach (var grant in publicGrants)
            result.Add(new EffectivePrivilege(grant.Object, grant.Kind, grant.Privilege, grant.Grantable, [Public]));
        return result;
    }

    /// <summary>The roles the account inherits, each with the shortest chain of roles that leads to it (the role last).</summary>
    public static IReadOnlyList<(string Role, IReadOnlyList<string> Path)> Inherited(AccountSnapshot account, IReadOnlyDictionary<string, AccountSnapshot> roles) =>
        Reachable(account, roles, inheritOnly: true);

    /// <summary>
    /// Roles the account may <c>SET ROLE</c> to but does not inherit: reached only through a membership without inheritance.
    /// </summary>
    public static IReadOnlyList<(string Role, IReadOnlyList<string> Path)> SetRoleOnly(AccountSnapshot account, IReadOnlyDictionary<string, AccountSnapshot> roles)
    {
        var inherited = Inherited(account, roles).Select(r => r.Role).ToHashSet(StringComparer.Ordinal);
        return Reachable(account, roles, inheritOnly: false).Where(r => !inherited.Contains(r.Role)).ToList();
    }

    private static List<(string Role, IReadOnlyList<string> Path)> Reachable(AccountSnapshot account, IReadOnlyDictionary<string, AccountSnapshot> roles, bool inheritOnly)
    {
        var found = new List<(string, IReadOnlyList<string>)>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { account.Name };
        var queue = new Queue<(Membership Edge, IReadOnlyList<string> Before)>(account.MemberOf.Select(m => (m, (IReadOnlyList<string>)[])));
        while (queue.TryDequeue(out var next))
        {
            if (inheritOnly && !next.Edge.Inherit || !seen.Add(next.Edge.Role)) continue;
            IReadOnlyList<string> path = [.. next.Before, next.Edge.Role];
            found.Add((next.Edge.Role, path));
            foreach (var further in roles.GetValueOrDefault(next.Edge.Role)?.MemberOf ?? [])
                queue.Enqueue((further, path));
        }
        return found;
    }

    private static void Held(AccountSnapshot holder, IReadOnlyList<string> through, List<EffectivePrivilege> result)
    {
        foreach (var grant in holder.GlobalPrivileges ?? [])
            result.Add(new EffectivePrivilege("*", "*", grant.Privilege, grant.Grantable, through));
        // MySQL's database privileges hold on every object of the database; PostgreSQL's are on the database itself.
        var mySql = holder.GlobalPrivileges is not null;
        foreach (var grant in holder.DatabasePrivileges)
            result.Add(new EffectivePrivilege(mySql ? grant.Object + ".*" : grant.Object, mySql ? "*" : "database", grant.Privilege, grant.Grantable, through));
        foreach (var grant in holder.SchemaPrivileges)
            result.Add(new EffectivePrivilege(grant.Object, "schema", grant.Privilege, grant.Grantable, through));
        // An owner's own privileges are granted by the owner to itself; an owner may always grant them on.
        foreach (var grant in holder.ObjectGrants ?? [])
            result.Add(new EffectivePrivilege(grant.Object, grant.Kind, grant.Privilege, grant.Grantable || grant.Grantor == holder.Name, through));
    }
}
