using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;

namespace Symphony.Application.Credentials;

/// <summary>Soft-deletes a credential and destroys its secret: a deleted credential keeps its name in history, not its secret.</summary>
public sealed class DeleteCredentialHandler(IApplicationDbContext db, CredentialLookup lookup, AuditLog audit)
{
    public async Task HandleAsync(string workspace, Guid vaultId, Guid id, CancellationToken ct)
    {
        var (_, credential) = await lookup.CredentialAsync(workspace, vaultId, id, Permission.WriteWorkspace, ct);
        credential.WrappedKey = [];
        credential.SecretCiphertext = [];
        db.Credentials.Remove(credential);
        audit.Record(AuditActions.CredentialDeleted, "credential", credential.Id, credential.WorkspaceId, new { name = credential.Name });
        await db.SaveChangesAsync(ct);
    }
}
