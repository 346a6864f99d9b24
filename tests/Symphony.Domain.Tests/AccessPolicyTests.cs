using Symphony.Domain.Access;

namespace Symphony.Domain.Tests;

public sealed class AccessPolicyTests
{
    public static TheoryData<UserRole, WorkspaceRole?, Permission, bool> Matrix()
    {
        var data = new TheoryData<UserRole, WorkspaceRole?, Permission, bool>();
        WorkspaceRole?[] memberships = [null, WorkspaceRole.Viewer, WorkspaceRole.Operator, WorkspaceRole.Owner];
        foreach (var role in Enum.GetValues<UserRole>())
            foreach (var membership in memberships)
                foreach (var permission in Enum.GetValues<Permission>())
                    data.Add(role, membership, permission, Expected(role, membership, permission));
        return data;
    }

    // The rule written out as a table, independently of the switch in AccessPolicy.
    private static bool Expected(UserRole role, WorkspaceRole? membership, Permission permission)
    {
        if (role == UserRole.Admin) return true;
        var platformWriter = role == UserRole.Operator;
        return permission switch
        {
            Permission.ManageUsers => false,
            Permission.ReadAuditLog => false,
            Permission.ReadPlatformHealth => false,
            Permission.CreateWorkspace => platformWriter,
            Permission.ReadWorkspace => membership is WorkspaceRole.Viewer or WorkspaceRole.Operator or WorkspaceRole.Owner,
            Permission.WriteWorkspace => platformWriter && membership is WorkspaceRole.Operator or WorkspaceRole.Owner,
            Permission.ManageWorkspace => platformWriter && membership is WorkspaceRole.Owner,
            _ => throw new ArgumentOutOfRangeException(nameof(permission)),
        };
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Allows_follows_the_role_table(UserRole role, WorkspaceRole? membership, Permission permission, bool expected) =>
        Assert.Equal(expected, AccessPolicy.Allows(role, membership, permission));

    [Fact]
    public void A_platform_viewer_stays_read_only_even_as_workspace_owner()
    {
        Assert.True(AccessPolicy.Allows(UserRole.Viewer, WorkspaceRole.Owner, Permission.ReadWorkspace));
        Assert.False(AccessPolicy.Allows(UserRole.Viewer, WorkspaceRole.Owner, Permission.WriteWorkspace));
        Assert.False(AccessPolicy.Allows(UserRole.Viewer, WorkspaceRole.Owner, Permission.ManageWorkspace));
    }

    [Fact]
    public void Non_members_cannot_see_a_workspace_but_admins_can()
    {
        Assert.False(AccessPolicy.CanSee(UserRole.Operator, null));
        Assert.True(AccessPolicy.CanSee(UserRole.Viewer, WorkspaceRole.Viewer));
        Assert.True(AccessPolicy.CanSee(UserRole.Admin, null));
    }
}
