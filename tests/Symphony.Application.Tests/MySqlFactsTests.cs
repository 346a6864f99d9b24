using Symphony.Application.Fleet;

namespace Symphony.Application.Tests;

/// <summary>
/// The capabilities derived from a MySQL snapshot mean what they mean on PostgreSQL: GRANT_ADMIN is the power to hand
/// out privileges (a grant option on *.*, or a role's admin option), which MySQL's CREATE USER does not give and
/// PostgreSQL's CREATEROLE does.
/// </summary>
public sealed class MySqlFactsTests
{
    private static readonly DateTime Now = new(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Dictionary<string, IReadOnlyList<Membership>> NoMemberships = [];

    private static AccountSnapshot MySql(bool createRole = false, bool login = true, IReadOnlyList<Grant>? global = null, IReadOnlyList<Membership>? memberOf = null) =>
        new("app@%", new RoleAttributes(false, true, createRole, false, login, false, false, -1, null, "mysql_native_password", !login, false),
            memberOf ?? [], [], [], [], [], global ?? []);

    [Fact]
    public void Create_user_alone_gives_createrole_but_not_grant_admin_on_mysql_as_createrole_does_on_postgresql()
    {
        var mySql = AccountFacts.From(MySql(createRole: true, global: [new Grant("*", "CREATE USER", false)]), NoMemberships, Now);
        Assert.Equal(["CREATEROLE", "LOGIN"], mySql.Capabilities);

        var postgres = MySql(createRole: true) with { GlobalPrivileges = null };
        Assert.Equal(["GRANT_ADMIN", "CREATEROLE", "LOGIN"], AccountFacts.From(postgres, NoMemberships, Now).Capabilities);
    }

    [Fact]
    public void A_grant_option_on_every_database_or_an_admin_option_on_a_role_gives_grant_admin()
    {
        Assert.Contains("GRANT_ADMIN", AccountFacts.From(MySql(global: [new Grant("*", "USAGE", true)]), NoMemberships, Now).Capabilities);
        Assert.Contains("GRANT_ADMIN", AccountFacts.From(MySql(memberOf: [new Membership("readers", true, false)]), NoMemberships, Now).Capabilities);
        Assert.DoesNotContain("GRANT_ADMIN", AccountFacts.From(MySql(global: [new Grant("*", "SELECT", false)]), NoMemberships, Now).Capabilities);
    }

    [Fact]
    public void Global_privileges_are_facts_of_the_global_scope_and_lines_of_the_change_log()
    {
        var snapshot = MySql(login: false, global: [new Grant("*", "PROCESS", false), new Grant("*", "RELOAD", true)]);
        var facts = AccountFacts.From(snapshot, NoMemberships, Now);
        Assert.Equal(["PROCESS", "RELOAD"], facts.Privileges["global:*"]);
        Assert.Equal(["GRANT_ADMIN", "LOCKED"], facts.Capabilities);
        Assert.Contains("global:RELOAD with grant option", snapshot.Lines());
        Assert.Contains("attribute:account_locked=True", snapshot.Lines());
        Assert.Contains("attribute:plugin=mysql_native_password", snapshot.Lines());
    }
}
