using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Vaults;

namespace Symphony.Application.Vaults;

public sealed class GetVaultHandler(WorkspaceLookup lookup)
{
    public async Task<VaultDto> HandleAsync(string workspace, Guid id, CancellationToken ct) =>
        VaultDto.From(await lookup.FindAsync<Vault>(workspace, id, Permission.ReadWorkspace, ct));
}
