using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Common;
using Symphony.Application.Credentials;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Vaults;

namespace Symphony.Server.Pages.Vaults;

/// <summary>A vault's credentials. The secret field is a password input: it goes to the server and never comes back.</summary>
public sealed class DetailModel(
    GetWorkspaceHandler getWorkspace, CredentialLookup lookup, ListCredentialsHandler list, CreateCredentialHandler create,
    DeleteCredentialHandler delete) : WorkspacePage(getWorkspace)
{
    public Vault Vault { get; private set; } = null!;
    public PagedResult<CredentialDto> Credentials { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string workspace, Guid id, CancellationToken ct) => RunAsync(workspace, null, () => LoadAsync(workspace, id, ct), ct);

    public Task<IActionResult> OnPostCreateAsync(string workspace, Guid id, string name, string username, string secret, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var credential = await create.HandleAsync(workspace, id, new CreateCredentialCommand(name, username, secret), ct);
            Message = $"Credential '{credential.Name}' stored; its secret is encrypted and cannot be shown again.";
        }, () => LoadAsync(workspace, id, ct), ct);

    public Task<IActionResult> OnPostDeleteAsync(string workspace, Guid id, Guid credentialId, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            await delete.HandleAsync(workspace, id, credentialId, ct);
            Message = "Credential deleted; its secret is erased.";
        }, () => LoadAsync(workspace, id, ct), ct);

    private async Task LoadAsync(string workspace, Guid id, CancellationToken ct)
    {
        Vault = await lookup.VaultAsync(workspace, id, Permission.ReadWorkspace, ct);
        Credentials = await list.HandleAsync(workspace, id, ListRequest.Of(("limit", "200")), ct);
    }
}
