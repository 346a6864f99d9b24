namespace Symphony.Domain.Access;

/// <summary>Platform-wide role. Ordered: a higher value allows more.</summary>
public enum UserRole
{
    Viewer = 0,
    Operator = 1,
    Admin = 2,
}

/// <summary>A member's role in one workspace. Ordered: a higher value allows more.</summary>
public enum WorkspaceRole
{
    Viewer = 0,
    Operator = 1,
    Owner = 2,
}
