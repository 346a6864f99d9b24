using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Identity;
using Symphony.Domain.Access;
using Symphony.Domain.Common;

namespace Symphony.Application.Workspaces;

/// <summary>Revokes a service account's token at once on every node (owners, signed in in person).</summary>
public sealed class RevokeServiceAccountTokenHandler(IApplicationDbContext db, ICurrentUser caller, WorkspaceAccess access, AuditLog audit, TimeProvider clock)
{
    public async Task HandleAsync(string workspace, Guid id, Guid tokenId, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ManageWorkspace, ct);
        caller.DemandSignedInPerson("revoke tokens");
        await ServiceAccounts.FindAsync(db, scope, id, ct);
        var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == id, ct)
            ?? throw DomainException.NotFound($"Token '{tokenId}'");
        await ApiTokens.RevokeAsync(db, audit, token, clock.GetUtcNow().UtcDateTime, scope.Id, ct);
        await db.SaveChangesAsync(ct);
    }
}
