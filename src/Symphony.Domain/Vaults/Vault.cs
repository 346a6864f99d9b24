using Symphony.Domain.Common;
using Symphony.Domain.Workspaces;

namespace Symphony.Domain.Vaults;

/// <summary>A named credential store of a workspace. While locked, none of its secrets can be used.</summary>
public sealed class Vault : VersionedEntity, IWorkspaceOwned
{
    public const int MaxPerWorkspace = 20;

    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public bool IsLocked { get; set; }
    public DateTime? LockedAt { get; set; }
    public Guid? LockedBy { get; set; }

    public void Lock(Guid? by, DateTime now)
    {
        if (IsLocked)
            throw new DomainException(MessageCodes.InvalidStateTransition, "The vault is already locked.");
        IsLocked = true;
        LockedAt = now;
        LockedBy = by;
    }

    public void Unlock()
    {
        if (!IsLocked)
            throw new DomainException(MessageCodes.InvalidStateTransition, "The vault is not locked.");
        IsLocked = false;
        LockedAt = null;
        LockedBy = null;
    }

    /// <summary>Called before any secret of the vault is used.</summary>
    public void EnsureUnlocked()
    {
        if (IsLocked)
            throw new DomainException(MessageCodes.VaultLocked, $"Vault '{Name}' is locked.");
    }
}
