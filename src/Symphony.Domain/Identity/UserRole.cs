namespace Symphony.Domain.Identity;

/// <summary>Platform-wide role. Ordered: a higher value allows more.</summary>
public enum UserRole
{
    Viewer = 0,
    Operator = 1,
    Admin = 2,
}
