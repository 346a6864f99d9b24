using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

public sealed record InstanceDto(
    Guid Id, Guid WorkspaceId, string Name, string DbType, string Host, int Port, string? DatabaseName, Guid? CredentialId,
    TlsMode TlsMode, bool AllowCleartextPassword, string? Environment, string? Description, IReadOnlyList<string> Tags, string? ServerVersion, int? ServerMajorVersion, DateTime? LastConnectedAt,
    DateTime? LastCheckedAt, ConnectionState LastConnectionState, string? LastConnectionError, InstanceHealth Health,
    DateTime? AccountsSyncedAt, DateTime? CapacitySyncedAt, bool IsActive, DateTime? DeletedAt, DateTime CreatedAt, DateTime UpdatedAt, int Version,
    JsonElement? LastAccountsSync, JsonElement? LastCapacitySync)
{
    /// <summary>The instance as it is answered; its tags must be loaded (see <see cref="LoadAsync"/>).</summary>
    public static InstanceDto From(Instance i, DateTime now) => new(
        i.Id, i.WorkspaceId, i.Name, i.DbType, i.Host, i.Port, i.DatabaseName, i.CredentialId, i.TlsMode, i.AllowCleartextPassword, i.Environment, i.Description,
        [.. i.Tags.Where(l => l.Tag is not null).Select(l => l.Tag!.Code).Order(StringComparer.Ordinal)],
        i.ServerVersion, i.ServerMajorVersion, i.LastConnectedAt, i.LastCheckedAt, i.LastConnectionState, i.LastConnectionError,
        i.HealthAt(now), i.AccountsSyncedAt, i.CapacitySyncedAt, i.IsActive, i.DeletedAt, i.CreatedAt, i.UpdatedAt, i.Version,
        Payloads.ParseOrNull(i.LastAccountsSync), Payloads.ParseOrNull(i.LastCapacitySync));

    /// <summary>One instance found by id, answered with its tags.</summary>
    public static async Task<InstanceDto> LoadAsync(IApplicationDbContext db, Instance i, DateTime now, CancellationToken ct)
    {
        await db.Entry(i).Collection(x => x.Tags).Query().Include(l => l.Tag).LoadAsync(ct);
        return From(i, now);
    }
}
