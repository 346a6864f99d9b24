using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;

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
        var session = await db.AuthSessions.FirstAsync(s => s.Id == token.SessionId, ct);
        if (session.RevokedAt is not null) return;
        session.Revoke(clock.GetUtcNow().UtcDateTime, "token_revoked");
        audit.Record(AuditActions.TokenRevoked, "api_token", token.Id, scope.Id, new { name = token.Name, user_id = id });
        await db.SaveChangesAsync(ct);
    }
}
