namespace Symphony.Domain.Workspaces;

/// <summary>A row that belongs to one workspace and is reached only through it.</summary>
public interface IWorkspaceOwned
{
    Guid Id { get; }
    Guid WorkspaceId { get; }
}
