namespace Symphony.Application.Workspaces;

/// <summary>Limits on workspaces (<c>Symphony:Workspaces</c>).</summary>
public sealed class WorkspaceOptions
{
    public const string Section = "Symphony:Workspaces";

    /// <summary>
    /// Workspaces a user who is not an admin may have created and not deleted: each gets the built-in jobs, so
    /// without a bound one operator could multiply the fleet jobs the scheduler fires. Admins are not limited.
    /// </summary>
    public int MaxCreatedPerUser { get; set; } = 10;
}
