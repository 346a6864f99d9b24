using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;
using Symphony.Domain.Workspaces;

namespace Symphony.Application.Workspaces;

/// <summary>A workspace's service account: its name, its role in the workspace and its username (which cannot sign in).</summary>
public sealed record ServiceAccountDto(Guid Id, string Name, string Username, WorkspaceRole Role, string? Description, DateTime CreatedAt, int LiveTokens);

/// <summary>Finds a service account of the workspace (404 otherwise: a person, or another workspace's account, is not one).</summary>
public static class ServiceAccounts
{
    /// <summary>A service account's username: its name and the workspace's slug, <c>ci@payments</c>.</summary>
    public static string UsernameOf(string name, string slug) => $"{name}@{slug}";

    public static async Task<(User Account, WorkspaceRole Role)> FindAsync(IApplicationDbContext db, Workspace workspace, Guid id, CancellationToken ct)
    {
        var found = await (from u in db.Users
                           join m in db.WorkspaceMembers on u.Id equals m.UserId
                           where u.Id == id && u.ServiceWorkspaceId == workspace.Id && m.WorkspaceId == workspace.Id
                           select new { User = u, m.Role }).FirstOrDefaultAsync(ct);
        return found is null ? throw DomainException.NotFound($"Service account '{id}'") : (found.User, found.Role);
    }

    /// <summary>The platform role that lets a membership role act: writing needs an operator, whatever the membership.</summary>
    public static UserRole PlatformRoleFor(WorkspaceRole role) => role == WorkspaceRole.Viewer ? UserRole.Viewer : UserRole.Operator;

    public static TokenRole TokenRoleFor(WorkspaceRole role) => role switch
    {
        WorkspaceRole.Owner => TokenRole.Owner,
        WorkspaceRole.Operator => TokenRole.Operator,
        _ => TokenRole.Viewer,
    };
}
