using System.Linq.Expressions;
using Symphony.Domain.Repos;

namespace Symphony.Application.Repos;

public sealed record RepoDto(
    Guid Id, Guid WorkspaceId, string Name, string? Description, string? LocalPath, string? RemoteUrl,
    string? DefaultBranch, DateTime? LastSyncedAt, bool IsActive, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static Expression<Func<Repo, RepoDto>> Projection { get; } = r => new RepoDto(
        r.Id, r.WorkspaceId, r.Name, r.Description, r.LocalPath, r.RemoteUrl, r.DefaultBranch, r.LastSyncedAt,
        r.IsActive, r.CreatedAt, r.UpdatedAt, r.Version);

    private static readonly Func<Repo, RepoDto> Compiled = Projection.Compile();
    public static RepoDto From(Repo repo) => Compiled(repo);
}
