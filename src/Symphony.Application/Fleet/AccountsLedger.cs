using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>What one accounts sync changed on one instance.</summary>
public sealed record AccountsSyncResult(int Created, int Refreshed, int Changed, int Reactivated, int Deactivated, IReadOnlyList<string> SkippedDatabases);

/// <summary>
/// Writes what a collector read into the ledger, in the caller's unit of work: new accounts are created,
/// unchanged ones refreshed (last seen), changed ones get the new snapshot and a change entry with the lines added
/// and removed, returning ones are reactivated, missing ones deactivated.
/// </summary>
public static class AccountsLedger
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<AccountsSyncResult> ApplyAsync(
        IApplicationDbContext db, Instance instance, CollectedAccounts collected, Guid? runId, DateTime now, CancellationToken ct)
    {
        var existing = await db.Accounts.IgnoreQueryFilters().Where(a => a.InstanceId == instance.Id).ToDictionaryAsync(a => a.Name, StringComparer.Ordinal, ct);
        int created = 0, refreshed = 0, changed = 0, reactivated = 0, deactivated = 0;

        foreach (var snapshot in collected.Accounts)
        {
            var text = JsonSerializer.Serialize(snapshot, Json);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            var facts = JsonSerializer.Serialize(AccountFacts.From(snapshot, collected.Memberships, now), Json);
            if (!existing.Remove(snapshot.Name, out var account))
            {
                account = new Account { WorkspaceId = instance.WorkspaceId, InstanceId = instance.Id, Name = snapshot.Name, FirstSeenAt = now };
                db.Accounts.Add(account);
                Record(db, account, runId, AccountChangeKind.Created, snapshot.Lines(), [], now);
                created++;
            }
            else if (!account.IsActive)
            {
                (account.IsActive, account.DeletedAt) = (true, null);
                Record(db, account, runId, AccountChangeKind.Reactivated, snapshot.Lines(), [], now);
                reactivated++;
            }
            else if (account.SnapshotHash != hash)
            {
                var before = JsonSerializer.Deserialize<AccountSnapshot>(account.Snapshot, Json)?.Lines() ?? [];
                var after = snapshot.Lines();
                Record(db, account, runId, AccountChangeKind.Changed, after.Except(before).ToList(), before.Except(after).ToList(), now);
                changed++;
            }
            else
            {
                refreshed++;
            }
            if (account.SnapshotHash != hash)
            {
                (account.Snapshot, account.SnapshotHash, account.LastChangedAt) = (text, hash, now);
                account.IsSuperuser = snapshot.Attributes.Superuser;
                account.CanLogin = snapshot.Attributes.Login;
                account.PasswordExpiresAt = snapshot.Attributes.ValidUntil;
            }
            account.Facts = facts;
            account.IsLocked = AccountFacts.IsLocked(snapshot.Attributes, now);
            account.LastSeenAt = now;
        }
        foreach (var gone in existing.Values.Where(a => a.IsActive))
        {
            (gone.IsActive, gone.DeletedAt) = (false, now);
            Record(db, gone, runId, AccountChangeKind.Deactivated, [], [], now);
            deactivated++;
        }
        return new AccountsSyncResult(created, refreshed, changed, reactivated, deactivated, collected.SkippedDatabases);
    }

    private static void Record(IApplicationDbContext db, Account account, Guid? runId, AccountChangeKind kind, IReadOnlyList<string> added,
        IReadOnlyList<string> removed, DateTime now) =>
        db.AccountChanges.Add(new AccountChange
        {
            WorkspaceId = account.WorkspaceId,
            InstanceId = account.InstanceId,
            AccountId = account.Id,
            AccountName = account.Name,
            RunId = runId,
            Kind = kind,
            Diff = JsonSerializer.Serialize(new { added, removed }, Json),
            OccurredAt = now,
        });
}
