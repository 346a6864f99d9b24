using Symphony.Application.Fleet;

namespace Symphony.Application.Tests;

/// <summary>A collection whose memberships name a role its role list did not hold is refused (SYNC_DATA_ERROR), not stored.</summary>
public sealed class CollectedAccountsTests
{
    private static CollectedAccounts Collected(IReadOnlyDictionary<string, IReadOnlyList<Membership>> memberships, IReadOnlySet<string>? roleList) =>
        new(new ServerFacts("16.4", 16), [], memberships, []) { RoleList = roleList };

    [Fact]
    public void Memberships_of_roles_in_the_role_list_hold_together()
    {
        var collected = Collected(new Dictionary<string, IReadOnlyList<Membership>> { ["app"] = [new Membership("readers", false, true), new Membership("pg_read_all_data", false, true)] },
            new HashSet<string> { "app", "readers", "pg_read_all_data" });
        Assert.Null(collected.Inconsistency());
    }

    [Fact]
    public void A_membership_of_a_role_absent_from_the_role_list_is_named()
    {
        var collected = Collected(new Dictionary<string, IReadOnlyList<Membership>> { ["app"] = [new Membership("created_meanwhile", false, true)] },
            new HashSet<string> { "app" });
        Assert.Equal("'app' is a member of 'created_meanwhile', which is absent from the role list; the roles changed while they were read.", collected.Inconsistency());
    }

    [Fact]
    public void A_member_absent_from_the_role_list_is_named()
    {
        var collected = Collected(new Dictionary<string, IReadOnlyList<Membership>> { ["dropped_meanwhile"] = [new Membership("readers", false, true)] },
            new HashSet<string> { "readers" });
        Assert.StartsWith("'dropped_meanwhile' holds a membership", collected.Inconsistency(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_collector_that_gives_no_role_list_is_not_checked()
    {
        var collected = Collected(new Dictionary<string, IReadOnlyList<Membership>> { ["app"] = [new Membership("anything", false, true)] }, null);
        Assert.Null(collected.Inconsistency());
    }
}
