using Symphony.Application.Fleet;
using Symphony.Infrastructure.Fleet;

namespace Symphony.Infrastructure.Tests;

/// <summary>MySQL's grant tables name privileges and accounts in their own ways; the snapshot uses SHOW GRANTS' words.</summary>
public sealed class MySqlNamesTests
{
    [Theory]
    [InlineData("Select", "SELECT")]
    [InlineData("Show_db", "SHOW DATABASES")]
    [InlineData("Create_tmp_table", "CREATE TEMPORARY TABLES")]
    [InlineData("Repl_slave", "REPLICATION SLAVE")]
    [InlineData("Repl_client", "REPLICATION CLIENT")]
    [InlineData("Create_routine", "CREATE ROUTINE")]
    [InlineData("Delete_history", "DELETE HISTORY")]
    [InlineData("Create_role", "CREATE ROLE")]
    public void A_grant_table_column_is_named_as_show_grants_names_its_privilege(string column, string privilege) =>
        Assert.Equal(privilege, MySqlDriver.ColumnPrivilege(column));

    [Theory]
    [InlineData("Grant", "GRANT OPTION")]
    [InlineData("Alter Routine", "ALTER ROUTINE")]
    [InlineData("Show view", "SHOW VIEW")]
    [InlineData("Delete versioning rows", "DELETE HISTORY")]
    public void A_privilege_set_member_is_named_as_show_grants_names_it(string member, string privilege) =>
        Assert.Equal(privilege, MySqlDriver.SetPrivilege(member));

    [Fact]
    public void An_account_is_user_at_host_and_a_mariadb_role_is_its_name_alone()
    {
        Assert.Equal("app@10.0.0.%", MySqlDriver.Name("app", "10.0.0.%"));
        Assert.Equal("readers", MySqlDriver.Name("readers", ""));
    }
}

/// <summary>
/// The grant tables' rows as the collector maps them, including MySQL 8's, which no server here can produce: the
/// mapping is proven on rows shaped as MySQL's documentation gives them.
/// </summary>
public sealed class MySqlGrantRowsTests
{
    private static readonly string[] UserColumns =
    [
        "Select_priv", "Insert_priv", "Update_priv", "Delete_priv", "Create_priv", "Drop_priv", "Reload_priv", "Shutdown_priv", "Process_priv",
        "File_priv", "Grant_priv", "References_priv", "Index_priv", "Alter_priv", "Show_db_priv", "Super_priv", "Create_tmp_table_priv",
        "Lock_tables_priv", "Execute_priv", "Repl_slave_priv", "Repl_client_priv", "Create_view_priv", "Show_view_priv", "Create_routine_priv",
        "Alter_routine_priv", "Create_user_priv", "Event_priv", "Trigger_priv", "Create_tablespace_priv", "Create_role_priv", "Drop_role_priv",
    ];

    private static void Is(string[] privileges, bool grantable, (List<string> Privileges, bool Grantable) actual)
    {
        Assert.Equal(privileges, actual.Privileges);
        Assert.Equal(grantable, actual.Grantable);
    }

    private static (List<string>, bool) UserRow(params string[] set) =>
        MySqlDriver.PrivilegesOf(UserColumns.Select(c => (c, set.Contains(c))).Prepend(("plugin", true)));

    [Fact]
    public void A_mysql_user_row_with_every_privilege_is_all_privileges_and_its_grant_option_is_apart()
    {
        Is(["ALL PRIVILEGES"], false, UserRow([.. UserColumns.Where(c => c != "Grant_priv")]));
        Is(["ALL PRIVILEGES"], true, UserRow(UserColumns));
        Is(["PROCESS", "SUPER", "CREATE ROLE"], false, UserRow("Process_priv", "Super_priv", "Create_role_priv"));
    }

    [Fact]
    public void A_grant_option_alone_is_usage_with_grant_option_as_show_grants_writes_it()
    {
        Is(["USAGE"], true, UserRow("Grant_priv"));
        Is([], false, UserRow());
    }

    [Fact]
    public void Mariadb_all_privileges_is_every_bit_its_version_defines()
    {
        static ulong Bits(int count) => (1UL << count) - 1;
        var v10_11 = new Version(10, 11, 19);
        Is(["ALL PRIVILEGES"], true, MySqlDriver.MariaDbGlobal(Bits(39), v10_11));
        Is(["ALL PRIVILEGES"], false, MySqlDriver.MariaDbGlobal(Bits(39) & ~(1UL << 10), v10_11));
        Is(["ALL PRIVILEGES"], false, MySqlDriver.MariaDbGlobal(Bits(40) & ~(1UL << 10), new Version(11, 4, 2)));
        Is(["ALL PRIVILEGES"], false, MySqlDriver.MariaDbGlobal(Bits(38) & ~(1UL << 10), new Version(10, 5, 4)));
        // Everything but BINLOG REPLAY (bit 37) is not ALL.
        var (most, _) = MySqlDriver.MariaDbGlobal(Bits(39) & ~(1UL << 37) & ~(1UL << 10), v10_11);
        Assert.Equal(37, most.Count);
        Assert.DoesNotContain("BINLOG REPLAY", most);
    }

    [Fact]
    public void Mariadb_bits_are_named_by_version_and_a_grant_option_alone_is_usage()
    {
        Is(["PROCESS", "SUPER"], false, MySqlDriver.MariaDbGlobal((1UL << 8) | (1UL << 15), new Version(10, 11, 19)));
        Is(["BINLOG MONITOR"], false, MySqlDriver.MariaDbGlobal(1UL << 20, new Version(10, 11, 19)));
        Is(["REPLICATION CLIENT"], false, MySqlDriver.MariaDbGlobal(1UL << 20, new Version(10, 4, 30)));
        Is(["USAGE"], true, MySqlDriver.MariaDbGlobal(1UL << 10, new Version(10, 11, 19)));
        Is(["SHOW CREATE ROUTINE"], false, MySqlDriver.MariaDbGlobal(1UL << 39, new Version(11, 4, 2)));
    }

    [Fact]
    public void Mysql_roles_are_inherited_when_default_when_all_are_activated_or_when_held_by_a_role()
    {
        (string, string, bool)[] edges = [("readers@%", "app@%", false), ("writers@%", "app@%", true), ("base@%", "readers@%", false)];
        var defaults = new HashSet<(string, string)> { ("app@%", "readers@%") };
        var memberships = MySqlDriver.MySqlMemberships(edges, defaults, activateAll: false).ToList();
        Assert.Equal(
        [
            ("app@%", new Membership("readers@%", false, true)),
            ("app@%", new Membership("writers@%", true, false)),
            ("readers@%", new Membership("base@%", false, true)),
        ], memberships);
        Assert.All(MySqlDriver.MySqlMemberships(edges, new HashSet<(string, string)>(), activateAll: true), m => Assert.True(m.Membership.Inherit));
    }
}
