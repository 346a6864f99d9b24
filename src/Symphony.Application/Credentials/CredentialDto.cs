using Symphony.Domain.Credentials;

namespace Symphony.Application.Credentials;

/// <summary>A credential as the API shows it: never the secret, only that one is set and when it last changed.</summary>
public sealed record CredentialDto(
    Guid Id, Guid WorkspaceId, Guid VaultId, string Name, string Username, string? Description, bool HasSecret, string KeyId,
    DateTime SecretUpdatedAt, bool IsActive, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static CredentialDto From(Credential c) => new(
        c.Id, c.WorkspaceId, c.VaultId, c.Name, c.Username, c.Description, c.SecretCiphertext.Length > 0, c.KeyId, c.SecretUpdatedAt,
        c.IsActive, c.CreatedAt, c.UpdatedAt, c.Version);
}
