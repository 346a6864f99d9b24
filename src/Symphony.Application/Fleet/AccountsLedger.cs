using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Alerts;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>What one accounts sync changed on one instance.</summary>
public sealed record AccountsSyncResult(int Created, int Refreshed, int Changed, int Reactivated, int Deactivated, IReadOnlyList<string> SkippedDatabases);

/// <summary>
/// Writes what a collector read into the ledger and saves it with the caller's other changes (the instance's
/// facts) in one transaction: new accounts and change entries are inserted in bulk, changed accounts get the new
/// snapshot and a change entry with the lines added and removed, returning ones are reactivated, missing ones
/// deactivated, and the rest are marked as seen by one UPDATE.
/// </summary>
public static class AccountsLedger
{
    public static async Task<AccountsSyncResult> SaveAsync(
        IApplicationDbContext db, Instance instance, CollectedAccounts collected, Guid? runId, DateTime now, CancellationToken ct)
    {
        // Only what tells a changed account from an unchanged one is read for all of them; the whole row (the stored
        // snapshot, to compare lines) is read for the few that changed, came back or went.
        var known = await db.Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => a.InstanceId == instance.Id)
            .Select(a => new KnownAccount(a.Id, a.Name, a.IsActive, a.SnapshotHash, a.FactsHash))
            .ToDictionaryAsync(a => a.Name, StringComparer.Ordinal, ct);
        var created = new List<Entity>();
        var changes = new List<Entity>();
        var alerts = new List<Entity>();
        int refreshed = 0, changed = 0, reactivated = 0, deactivated = 0;

        // Serializing and hashing ten thousand snapshots is most of a sync's own work: spread it over the cores
        // (pure functions of the snapshot; the ledger below stays sequential).
        var prepared = collected.Accounts.AsParallel().AsOrdered().Select(snapshot =>
        {
            var text = JsonSerializer.Serialize(snapshot, LedgerJson.Default.AccountSnapshot);
            var facts = JsonSerializer.Serialize(AccountFacts.From(snapshot, collected.Memberships, now), LedgerJson.Default.AccountFacts);
            var createdDiff = known.ContainsKey(snapshot.Name) ? null : Diff(snapshot.Lines(), []);
            return (Snapshot: snapshot, Text: text, Hash: Sha256.Hex(text), Facts: facts, FactsHash: Sha256.Hex(facts), CreatedDiff: createdDiff);
        }).ToList();

        var collectedNames = prepared.Select(p => p.Snapshot.Name).ToHashSet(StringComparer.Ordinal);
        var toRead = prepared
            .Where(p => known.TryGetValue(p.Snapshot.Name, out var k) && !(k.IsActive && k.SnapshotHash == p.Hash && k.FactsHash == p.FactsHash))
            .Select(p => known[p.Snapshot.Name].Id)
            .Concat(known.Values.Where(k => k.IsActive && !collectedNames.Contains(k.Name)).Select(k => k.Id))
            .ToList();
        var rows = new Dictionary<string, Account>(StringComparer.Ordinal);
        foreach (var chunk in toRead.Chunk(5_000))
            foreach (var row in await db.Accounts.IgnoreQueryFilters().Where(a => a.InstanceId == instance.Id && chunk.Contains(a.Id)).ToListAsync(ct))
                rows[row.Name] = row;

        foreach (var (snapshot, text, hash, facts, factsHash, createdDiff) in prepared)
        {
            var locked = AccountFacts.IsLocked(snapshot.Attributes, now);
            if (!known.Remove(snapshot.Name, out _))
            {
                var account = new Account { WorkspaceId = instance.WorkspaceId, InstanceId = instance.Id, Name = snapshot.Name, FirstSeenAt = now };
                Apply(account, snapshot, text, hash, facts, factsHash, locked, now);
                created.Add(account);
                changes.Add(Change(account, runId, AccountChangeKind.Created, createdDiff!, now));
                continue;
            }
            if (!rows.TryGetValue(snapshot.Name, out var stored))
            {
                refreshed++;
                continue;
            }
            if (!stored.IsActive)
            {
                (stored.IsActive, stored.DeletedAt) = (true, null);
                changes.Add(Change(stored, runId, AccountChangeKind.Reactivated, Diff(snapshot.Lines(), []), now));
                reactivated++;
            }
            else if (stored.SnapshotHash != hash && ChangedLines(stored, snapshot) is { } diff)
            {
                var change = Change(stored, runId, AccountChangeKind.Changed, Diff(diff.Added, diff.Removed), now);
                changes.Add(change);
                alerts.Add(PrivilegesChanged(stored, instance, change, diff.Added, diff.Removed, runId, now));
                changed++;
            }
            else
            {
                // The facts moved without the snapshot (a password expired, a parent role changed), or the snapshot
                // gained what an older version did not collect: no change entry.
                refreshed++;
            }
            Apply(stored, snapshot, text, hash, facts, factsHash, locked, now);
        }
        foreach (var gone in known.Values.Where(a => a.IsActive).Select(a => rows[a.Name]))
        {
            (gone.IsActive, gone.DeletedAt) = (false, now);
            changes.Add(Change(gone, runId, AccountChangeKind.Deactivated, Diff([], []), now));
            deactivated++;
        }
        instance.PublicGrants = instance.DbType == DbTypes.PostgreSql
            ? JsonSerializer.Serialize(collected.PublicGrants, LedgerJson.Default.IReadOnlyListObjectGrant)
            : null;
        await db.SaveChangesInBulkAsync([created, changes, alerts], async token =>
            await db.Accounts.Where(a => a.InstanceId == instance.Id && a.IsActive && a.LastSeenAt < now)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.LastSeenAt, now), token), ct);
        return new AccountsSyncResult(created.Count, refreshed, changed, reactivated, deactivated, collected.SkippedDatabases);
    }

    /// <summary>
    /// The lines added and removed since the stored snapshot, or null when none were. A snapshot stored before each
    /// object's privileges were collected is compared without them: reading them the first time is not a change.
    /// </summary>
    private static (List<string> Added, List<string> Removed)? ChangedLines(Account account, AccountSnapshot snapshot)
    {
        var stored = JsonSerializer.Deserialize(account.Snapshot, LedgerJson.Default.AccountSnapshot);
        var before = stored?.Lines() ?? [];
        IEnumerable<string> after = snapshot.Lines();
        if (stored is { ObjectGrants: null })
            after = after.Where(line => !line.StartsWith(AccountSnapshot.ObjectLinePrefix, StringComparison.Ordinal));
        var (added, removed) = (after.Except(before).ToList(), before.Except(after).ToList());
        return added.Count == 0 && removed.Count == 0 ? null : (added, removed);
    }

    private static void Apply(Account account, AccountSnapshot snapshot, string text, string hash, string facts, string factsHash, bool locked, DateTime now)
    {
        if (account.SnapshotHash != hash)
        {
            (account.Snapshot, account.SnapshotHash, account.LastChangedAt) = (text, hash, now);
            (account.IsSuperuser, account.CanLogin, account.PasswordExpiresAt) = (snapshot.Attributes.Superuser, snapshot.Attributes.Login, snapshot.Attributes.ValidUntil);
        }
        (account.Facts, account.FactsHash, account.IsLocked, account.LastSeenAt) = (facts, factsHash, locked, now);
        account.SignInState = SignInStates.Of(snapshot.Attributes, now);
    }

    /// <summary>What tells an account of the ledger changed or not, without its snapshot.</summary>
    private sealed record KnownAccount(Guid Id, string Name, bool IsActive, string SnapshotHash, string FactsHash);

    /// <summary>The alert of a changed account, with the permission lines added and removed.</summary>
    private static AlertEvent PrivilegesChanged(Account account, Instance instance, AccountChange change, List<string> added, List<string> removed, Guid? runId, DateTime now) => new()
    {
        WorkspaceId = account.WorkspaceId, Event = AlertEvents.AccountPrivilegesChanged, SourceKey = $"change:{change.Id}", OccurredAt = now,
        Payload = JsonSerializer.Serialize(new ChangedPrivileges(account.Id, account.Name, instance.Id, instance.Name, instance.DbType, runId, added, removed),
            LedgerJson.Default.ChangedPrivileges),
    };

    private static string Diff(IReadOnlyList<string> added, IReadOnlyList<string> removed) =>
        JsonSerializer.Serialize(new ChangeDiff(added, removed), LedgerJson.Default.ChangeDiff);

    private static AccountChange Change(Account account, Guid? runId, AccountChangeKind kind, string diff, DateTime now) =>
        new()
        {
            WorkspaceId = account.WorkspaceId,
            InstanceId = account.InstanceId,
            AccountId = account.Id,
            AccountName = account.Name,
            RunId = runId,
            Kind = kind,
            Diff = diff,
            OccurredAt = now,
        };
}

/// <summary>What a change entry records: the permission lines added and removed.</summary>
public sealed record ChangeDiff(IReadOnlyList<string> Added, IReadOnlyList<string> Removed);

/// <summary>What an <c>account.privileges_changed</c> alert carries.</summary>
public sealed record ChangedPrivileges(
    Guid AccountId, string Account, Guid InstanceId, string Instance, string DbType, Guid? RunId, IReadOnlyList<string> Added, IReadOnlyList<string> Removed);

/// <summary>
/// The ledger's JSON, with serializers generated at build time (a sync serializes thousands of snapshots). Its
/// output must stay byte for byte what it was: stored hashes tell changed accounts from unchanged ones.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AccountSnapshot))]
[JsonSerializable(typeof(AccountFacts))]
[JsonSerializable(typeof(ChangeDiff))]
[JsonSerializable(typeof(ChangedPrivileges))]
[JsonSerializable(typeof(IReadOnlyList<ObjectGrant>))]
public sealed partial class LedgerJson : JsonSerializerContext;
