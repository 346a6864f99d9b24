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
