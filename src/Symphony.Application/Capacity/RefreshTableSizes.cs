using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Credentials;
using Symphony.Application.Fleet;
using Symphony.Application.Vaults;
using Symphony.Domain.Capacity;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Capacity;

/// <summary>
/// Measures the tables of one database now, on one connection to it, and replaces the stored ones (the largest
/// 10,000; the total counts them all) in one transaction. The caller waits for it: it is bounded by the statement
/// timeout and not retried. A failure leaves the previous collection as it was.
/// </summary>
public sealed class RefreshTableSizesHandler(
    IApplicationDbContext db, DatabaseLookup databases, DatabaseDrivers drivers, ISecretProtector protector, TimeProvider clock, GetTableSizesHandler get)
{
    public async Task<TableSizesDto> HandleAsync(string workspace, Guid databaseId, CancellationToken ct)
    {
        var database = await databases.DatabaseAsync(workspace, databaseId, Permission.WriteWorkspace, ct);
        var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == database.InstanceId, ct)
            ?? throw new DomainException(MessageCodes.InvalidStateTransition, "The database's instance is deleted; restore it to measure its tables.");
        var driver = drivers.Find(instance.DbType)
            ?? throw new DomainException(MessageCodes.UnsupportedDbType, $"No {instance.DbType} driver is available on this node.");
        if (instance.CredentialId is not { } credentialId)
            throw DomainException.Validation("credential_id", $"Instance '{instance.Name}' has no credential.");
        var credential = await CredentialSecrets.UseAsync(db, protector, instance.WorkspaceId, credentialId, ct);

        var target = new ConnectionTarget(instance.DbType, instance.Host, instance.Port, database.Name);
        var collected = await driver.CollectTableSizesAsync(target, credential, TableSizeStat.MaxPerDatabase, ConnectionLimits.Default, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        (database.TablesCollectedAt, database.TablesTotal) = (now, collected.TotalTables);
        var rows = collected.Tables.Select(t => (Entity)new TableSizeStat
        {
            WorkspaceId = database.WorkspaceId, InstanceId = database.InstanceId, DatabaseId = database.Id,
            SchemaName = t.Schema, TableName = t.Name, Kind = t.Kind, TotalBytes = t.TotalBytes, TableBytes = t.TableBytes,
            IndexBytes = t.IndexBytes, ToastBytes = t.ToastBytes, RowEstimate = t.RowEstimate, CollectedAt = now,
        }).ToList();
        await db.SaveChangesInBulkAsync([rows],
            token => db.TableSizeStats.Where(t => t.DatabaseId == database.Id && t.CollectedAt < now).ExecuteDeleteAsync(token), ct);
        return await get.HandleAsync(workspace, database.Id, null, ct);
    }
}
