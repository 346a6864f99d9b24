using Symphony.Domain.Access;

namespace Symphony.Application.Credentials;

public sealed class GetCredentialHandler(CredentialLookup lookup)
{
    public async Task<CredentialDto> HandleAsync(string workspace, Guid vaultId, Guid id, CancellationToken ct) =>
        CredentialDto.From((await lookup.CredentialAsync(workspace, vaultId, id, Permission.ReadWorkspace, ct)).Credential);
}
