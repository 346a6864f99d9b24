using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Classifications;

namespace Symphony.Application.Classifications;

/// <summary>Soft-deletes a classification; its rule versions stay readable in the database for the record.</summary>
public sealed class DeleteClassificationHandler(IApplicationDbContext db, WorkspaceLookup lookup, AuditLog audit)
{
    public async Task HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        var classification = await lookup.FindAsync<Classification>(workspace, id, Permission.WriteWorkspace, ct);
        db.Classifications.Remove(classification);
        audit.Record(AuditActions.ClassificationDeleted, "classification", classification.Id, classification.WorkspaceId, new { code = classification.Code });
        await db.SaveChangesAsync(ct);
    }
}
