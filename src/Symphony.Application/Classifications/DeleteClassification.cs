using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Classifications;
using Symphony.Domain.Common;

namespace Symphony.Application.Classifications;

/// <summary>
/// Soft-deletes a classification; its rule versions stay readable in the database for the record. While accounts are in
/// it the answer is 409 CLASSIFICATION_IN_USE, so a finding is not dropped by accident; <c>force</c> takes them out of it
/// in the same transaction, each account's history saying so.
/// </summary>
public sealed class DeleteClassificationHandler(IApplicationDbContext db, WorkspaceLookup lookup, AuditLog audit, TimeProvider clock)
{
    public async Task HandleAsync(string workspace, Guid id, bool force, CancellationToken ct)
    {
        var classification = await lookup.FindAsync<Classification>(workspace, id, Permission.WriteWorkspace, ct);
        var held = await db.AccountClassifications.Where(a => a.ClassificationId == classification.Id).ToListAsync(ct);
        if (held.Count > 0 && !force)
            throw new DomainException(MessageCodes.ClassificationInUse,
                $"Classification '{classification.Code}' holds {held.Count} account(s); delete with force=true to take them out of it.");
        var now = clock.GetUtcNow().UtcDateTime;
        var accountIds = held.Select(a => a.AccountId).ToList();
        var accounts = await db.Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        foreach (var assignment in held)
        {
            db.AccountClassifications.Remove(assignment);
            if (accounts.TryGetValue(assignment.AccountId, out var account))
                db.AccountChanges.Add(AccountsClassifier.Change(account, null, [], [AccountsClassifier.Line(classification.Code, assignment.RuleVersion)], now));
        }
        db.Classifications.Remove(classification);
        audit.Record(AuditActions.ClassificationDeleted, "classification", classification.Id, classification.WorkspaceId,
            new { code = classification.Code, accounts_removed = held.Count });
        await db.SaveChangesAsync(ct);
    }
}
