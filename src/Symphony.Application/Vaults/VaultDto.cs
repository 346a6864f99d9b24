using System.Linq.Expressions;
using Symphony.Domain.Vaults;

namespace Symphony.Application.Vaults;

public sealed record VaultDto(
    Guid Id, Guid WorkspaceId, string Name, string? Description, bool IsLocked, DateTime? LockedAt, Guid? LockedBy,
    bool IsActive, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static Expression<Func<Vault, VaultDto>> Projection { get; } = v => new VaultDto(
        v.Id, v.WorkspaceId, v.Name, v.Description, v.IsLocked, v.LockedAt, v.LockedBy, v.IsActive,
        v.CreatedAt, v.UpdatedAt, v.Version);

    private static readonly Func<Vault, VaultDto> Compiled = Projection.Compile();
    public static VaultDto From(Vault vault) => Compiled(vault);
}
