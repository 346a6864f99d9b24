using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Access;

namespace Symphony.Application.Workspaces;

/// <summary>The workspace's service accounts with their role and how many live tokens each has.</summary>
public sealed class ListServiceAccountsHandler(IApplicationDbContext db, WorkspaceAccess access, TimeProvider clock)
{
    public async Task<IReadOnlyList<ServiceAccountDto>> HandleAsync(string workspace, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var suffix = "@" + scope.Slug;
        var rows = await (from u in db.Users
                          join m in db.WorkspaceMembers on u.Id equals m.UserId
                          where u.ServiceWorkspaceId == scope.Id && m.WorkspaceId == scope.Id
                          orderby u.Username
                          select new
                          {
                              u.Id, u.Username, m.Role, u.DisplayName, u.CreatedAt,
                              Live = db.AuthSessions.Count(s => s.UserId == u.Id && s.RevokedAt == null && s.ExpiresAt > now),
                          }).AsNoTracking().ToListAsync(ct);
        return [.. rows.Select(r => new ServiceAccountDto(r.Id, r.Username.EndsWith(suffix, StringComparison.Ordinal) ? r.Username[..^suffix.Length] : r.Username,
            r.Username, r.Role, r.DisplayName, r.CreatedAt, r.Live))];
    }
}
