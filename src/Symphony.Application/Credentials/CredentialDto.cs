using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Domain.Credentials;

namespace Symphony.Application.Credentials;

/// <summary>
/// A credential as the API shows it: never the secret, only that one is set and when it last changed; and how many
/// instances (not deleted) use it, to be known before it is rotated or deleted (the list of them:
/// <c>GET .../instances?credential_id=</c>).
/// </summary>
public sealed record CredentialDto(
    Guid Id, Guid WorkspaceId, Guid VaultId, string Name, string Username, string? Description, bool HasSecret, string KeyId,
    DateTime SecretUpdatedAt, bool IsActive, DateTime CreatedAt, DateTime UpdatedAt, int Version, int InstancesUsing)
{
    public static CredentialDto From(Credential c, int instancesUsing) => new(
        c.Id, c.WorkspaceId, c.VaultId, c.Name, c.Username, c.Description, c.SecretCiphertext.Length > 0, c.KeyId, c.SecretUpdatedAt,
        c.IsActive, c.CreatedAt, c.UpdatedAt, c.Version, instancesUsing);

    /// <summary>Credentials as answered, with the instances using each counted in one query.</summary>
    public static async Task<List<CredentialDto>> LoadAsync(IApplicationDbContext db, IReadOnlyList<Credential> credentials, CancellationToken ct)
    {
        var ids = credentials.Select(c => (Guid?)c.Id).ToList();
        var counts = await db.Instances.Where(i => ids.Contains(i.CredentialId)).GroupBy(i => i.CredentialId!.Value)
            .Select(g => new { Credential = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Credential, g => g.Count, ct);
        return credentials.Select(c => From(c, counts.GetValueOrDefault(c.Id))).ToList();
    }

    public static async Task<CredentialDto> LoadAsync(IApplicationDbContext db, Credential credential, CancellationToken ct) =>
        (await LoadAsync(db, [credential], ct))[0];
}
