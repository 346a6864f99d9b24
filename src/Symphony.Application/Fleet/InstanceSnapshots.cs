using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;

namespace Symphony.Application.Fleet;

/// <summary>An account of an instance with its stored snapshot read back.</summary>
public sealed record AccountOfInstance(Guid Id, bool CanLogin, AccountSnapshot Snapshot);

/// <summary>
/// Every active account of one instance with its snapshot, and the same by name: what the questions that walk
/// memberships across the instance (who can do X on Y, a role's members) read.
/// </summary>
public static class InstanceSnapshots
{
    public static async Task<(List<AccountOfInstance> Accounts, Dictionary<string, AccountSnapshot> ByName)> LoadAsync(
        IApplicationDbContext db, Guid workspaceId, Guid instanceId, CancellationToken ct)
    {
        var rows = await db.Accounts.AsNoTracking().Where(a => a.InstanceId == instanceId && a.WorkspaceId == workspaceId)
            .Select(a => new { a.Id, a.CanLogin, a.Snapshot }).ToListAsync(ct);
        var accounts = rows.Select(a => new AccountOfInstance(a.Id, a.CanLogin, JsonSerializer.Deserialize(a.Snapshot, LedgerJson.Default.AccountSnapshot)!)).ToList();
        return (accounts, accounts.ToDictionary(a => a.Snapshot.Name, a => a.Snapshot, StringComparer.Ordinal));
    }
}
