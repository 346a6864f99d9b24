using Symphony.Application.Common;
using Symphony.Application.Credentials;
using Symphony.Application.Vaults;

namespace Symphony.Server.Pages.Fleet;

/// <summary>The credentials an instance may use, each named with its vault: the choices of the add and edit forms.</summary>
internal static class CredentialChoices
{
    public static async Task<IReadOnlyList<(CredentialDto Credential, string Vault)>> AllAsync(
        ListVaultsHandler vaults, ListCredentialsHandler credentials, string workspace, CancellationToken ct)
    {
        var found = new List<(CredentialDto, string)>();
        foreach (var vault in (await vaults.HandleAsync(workspace, ListRequest.Of(("limit", "100")), ct)).Items)
            found.AddRange((await credentials.HandleAsync(workspace, vault.Id, ListRequest.Of(("limit", "200")), ct)).Items.Select(c => (c, vault.Name)));
        return found;
    }
}
