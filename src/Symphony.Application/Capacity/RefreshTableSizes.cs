using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Credentials;
using Symphony.Application.Fleet;
using Symphony.Application.Vaults;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Capacity;
using Symphony.Domain.Common;

namespace Symphony.Application.Capacity;

/// <summary>
/// Measures the tables of one database now, on one connection to it, and replaces the stored ones (the largest
/// 10,000; the total counts them all) in one transaction. The caller waits for it: it is bounded by the statement
/// timeout and not retried. A failure leaves the previous collection as it was.
/// </summary>
public sealed class RefreshTableSizesHandler(
    IApplicationDbContext db, WorkspaceLookup databases, DatabaseDrivers drivers, ISecretProtector protector, AuditLog audit, TimeProvider clock,
    GetTableSizesHandler get)
{
    public async Task<TableSizesDto> HandleAsync(string workspace, Guid databaseId, CancellationToken ct)
    {
        var database = await databases.FindAsync<InstanceDatabase>(workspace, databaseId, Permission.WriteWorkspace, ct, includeDeleted: true);
        var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == database.InstanceId, ct)
            ?? throw new DomainException(MessageCodes.InvalidStateTransition, "The database's instance is deleted; restore it to measure its tables.");
        var reach = await InstanceTarget.ResolveAsync(db, drivers, protector, audit, instance, database.Name, SecretUse.TableRefresh(instance.Id), ct);
        await db.SaveChangesAsync(ct);
        CollectedTables collected;
        try
        {
            collected = await reach.Driver.CollectTableSizesAsync(reach.Target, reach.Credential, TableSizeStat.MaxPerDatabase, ConnectionLimits.Default, ct);
        }
        catch (DatabaseConnectionException e)
        {
            // The reason leads the detail ("timeout: ..."); the message never holds the secret.
            throw new DomainException(MessageCodes.DatabaseConnectionError, $"{e.Reason}: {e.Message}");
        }

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
