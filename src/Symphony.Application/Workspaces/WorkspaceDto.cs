using System.Linq.Expressions;
using Symphony.Domain.Access;
using Symphony.Domain.Workspaces;

namespace Symphony.Application.Workspaces;

public sealed record WorkspaceDto(
    Guid Id, string Slug, string Name, string? Description, WorkspaceType Type, string Settings,
    DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static Expression<Func<Workspace, WorkspaceDto>> Projection { get; } = w => new WorkspaceDto(
        w.Id, w.Slug, w.Name, w.Description, w.Type, w.Settings, w.CreatedAt, w.UpdatedAt, w.Version);

    private static readonly Func<Workspace, WorkspaceDto> Compiled = Projection.Compile();
    public static WorkspaceDto From(Workspace workspace) => Compiled(workspace);
}

public sealed record MemberDto(Guid UserId, string Username, string DisplayName, WorkspaceRole Role, DateTime CreatedAt);
