using Symphony.Application.Common;
using Symphony.Domain.Access;

namespace Symphony.Application.Credentials;

public sealed class GetCredentialHandler(IApplicationDbContext db, CredentialLookup lookup)
{
    public async Task<CredentialDto> HandleAsync(string workspace, Guid vaultId, Guid id, CancellationToken ct) =>
        await CredentialDto.LoadAsync(db, (await lookup.CredentialAsync(workspace, vaultId, id, Permission.ReadWorkspace, ct)).Credential, ct);
}
