using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Identity;
using Symphony.Domain.Access;

namespace Symphony.Application.Workspaces;

/// <summary>
/// A service account's tokens, live and revoked, newest first, without the tokens themselves (owners, signed in: a
/// token lists no tokens, its own account's or another's).
/// </summary>
public sealed class ListServiceAccountTokensHandler(IApplicationDbContext db, WorkspaceAccess access, ICurrentUser caller)
{
    public async Task<IReadOnlyList<ApiTokenDto>> HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        caller.DemandSignedInPerson("list tokens");
        var scope = await access.RequireAsync(workspace, Permission.ManageWorkspace, ct);
        await ServiceAccounts.FindAsync(db, scope, id, ct);
        var rows = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == id).OrderByDescending(t => t.CreatedAt)
            .Select(ApiTokenRow.Of(db.AuthSessions)).ToListAsync(ct);
        return [.. rows.Select(r => ApiTokenDto.From(r.Token, r.RevokedAt))];
    }
}
