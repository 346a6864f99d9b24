using System.Text.Json;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>An account that can do the privilege on the object, and how: directly, through roles, PUBLIC or as a superuser.</summary>
public sealed record PrivilegeHolderDto(Guid AccountId, string Account, bool CanLogin, bool Grantable, IReadOnlyList<IReadOnlyList<string>> Through);

/// <summary>Who can do <see cref="Privilege"/> on <see cref="Object"/> on one instance, as its last accounts sync saw it.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "An object is what a grant is on: the word DBAs and the engines use.")]
public sealed record PrivilegeHoldersDto(Guid InstanceId, DateTime SyncedAt, string Object, string Privilege, IReadOnlyList<PrivilegeHolderDto> Holders);

/// <summary>
/// "Who can do X on Y": every active account of the instance whose effective privileges cover the privilege on the
/// object (a table, view, sequence, routine or column, named as the ledger names it: <c>app.sales.invoices</c>,
/// <c>shop.orders.total</c>), each with every path it holds it by. Before the first accounts sync: 409 SNAPSHOT_MISSING.
/// </summary>
public sealed class PrivilegeHoldersHandler(IApplicationDbContext db, WorkspaceLookup instances)
{
    public async Task<PrivilegeHoldersDto> HandleAsync(string workspace, Guid instanceId, string? objectName, string? privilege, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(objectName) || objectName.Length > 1000)
            throw DomainException.Validation("object", "object is required: a table, view, sequence, routine or column as the account ledger names it (app.sales.invoices).");
        if (string.IsNullOrWhiteSpace(privilege) || privilege.Length > 100)
            throw DomainException.Validation("privilege", "privilege is required: SELECT, INSERT, UPDATE, DELETE, EXECUTE, USAGE and so on.");
        var instance = await instances.FindAsync<Instance>(workspace, instanceId, Permission.ReadWorkspace, ct);
        if (instance.AccountsSyncedAt is not { } syncedAt)
            throw new DomainException(MessageCodes.SnapshotMissing,
                $"Instance '{instance.Name}' has not been synced yet: run sync-accounts on it to collect its accounts.");

        var wanted = privilege.Trim().ToUpperInvariant();
        var (accounts, roles) = await InstanceSnapshots.LoadAsync(db, instance.WorkspaceId, instance.Id, ct);
        var publicGrants = PublicGrantsOf(instance.PublicGrants);
        var holders = new List<PrivilegeHolderDto>();
        foreach (var (id, canLogin, snapshot) in accounts)
        {
            var covering = EffectivePrivileges.Of(snapshot, roles, publicGrants).Where(p => p.Covers(objectName, wanted)).ToList();
            if (covering.Count == 0) continue;
            holders.Add(new PrivilegeHolderDto(id, snapshot.Name, canLogin, covering.Any(p => p.Grantable),
                covering.Select(p => p.Through).DistinctBy(path => string.Join('\u0001', path)).ToList()));
        }
        return new PrivilegeHoldersDto(instance.Id, syncedAt, objectName, wanted, holders.OrderBy(h => h.Account, StringComparer.Ordinal).ToList());
    }

    /// <summary>An instance's stored PUBLIC grants; none before the first sync that read them.</summary>
    public static IReadOnlyList<ObjectGrant> PublicGrantsOf(string? stored) =>
        stored is null ? [] : JsonSerializer.Deserialize(stored, LedgerJson.Default.IReadOnlyListObjectGrant) ?? [];
}
