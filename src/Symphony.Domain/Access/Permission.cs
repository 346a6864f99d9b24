namespace Symphony.Domain.Access;

public enum Permission
{
    // Platform-wide.
    ManageUsers,
    ReadAuditLog,
    CreateWorkspace,
    /// <summary>The platform database's housekeeping: partitions and their health.</summary>
    ReadPlatformHealth,

    // Inside one workspace.
    ReadWorkspace,
    WriteWorkspace,
    ManageWorkspace,
}

/// <summary>
/// The one permission check: (user role, membership in the workspace, permission) -> allowed.
/// Admins may do everything. Elsewhere the platform role caps what a workspace role grants: a
/// platform viewer stays read-only even as a workspace owner.
/// </summary>
public static class AccessPolicy
{
    public static bool Allows(UserRole role, WorkspaceRole? membership, Permission permission)
    {
        if (role == UserRole.Admin) return true;
        return permission switch
        {
            Permission.ManageUsers or Permission.ReadAuditLog or Permission.ReadPlatformHealth => false,
            Permission.CreateWorkspace => role >= UserRole.Operator,
            Permission.ReadWorkspace => membership is not null,
            Permission.WriteWorkspace => membership >= WorkspaceRole.Operator && role >= UserRole.Operator,
            Permission.ManageWorkspace => membership == WorkspaceRole.Owner && role >= UserRole.Operator,
            _ => false,
        };
    }

    /// <summary>Whether the caller may know the workspace exists. Others get 404, never 403.</summary>
    public static bool CanSee(UserRole role, WorkspaceRole? membership) =>
        role == UserRole.Admin || membership is not null;
}
