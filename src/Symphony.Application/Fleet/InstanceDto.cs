using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

public sealed record InstanceDto(
    Guid Id, Guid WorkspaceId, string Name, string DbType, string Host, int Port, string? DatabaseName, Guid? CredentialId,
    string? Environment, string? Description, string? ServerVersion, int? ServerMajorVersion, DateTime? LastConnectedAt,
    DateTime? LastCheckedAt, ConnectionState LastConnectionState, string? LastConnectionError, InstanceHealth Health,
    DateTime? AccountsSyncedAt, DateTime? CapacitySyncedAt, bool IsActive, DateTime? DeletedAt, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static InstanceDto From(Instance i, DateTime now) => new(
        i.Id, i.WorkspaceId, i.Name, i.DbType, i.Host, i.Port, i.DatabaseName, i.CredentialId, i.Environment, i.Description,
        i.ServerVersion, i.ServerMajorVersion, i.LastConnectedAt, i.LastCheckedAt, i.LastConnectionState, i.LastConnectionError,
        i.HealthAt(now), i.AccountsSyncedAt, i.CapacitySyncedAt, i.IsActive, i.DeletedAt, i.CreatedAt, i.UpdatedAt, i.Version);
}
