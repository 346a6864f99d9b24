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
    UpdateCredentialHandler update, DeleteCredentialHandler delete) : WorkspacePage(getWorkspace)
{
    public Vault Vault { get; private set; } = null!;
    public PagedResult<CredentialDto> Credentials { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string workspace, Guid id, CancellationToken ct) => RunAsync(workspace, null, () => LoadAsync(workspace, id, ct), ct);

    public Task<IActionResult> OnPostCreateAsync(string workspace, Guid id, string name, string username, string secret, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var credential = await create.HandleAsync(workspace, id, new CreateCredentialCommand(name, username, secret), ct);
            Message = this.Say("Credential '{0}' stored; its secret is encrypted and cannot be shown again.", credential.Name);
        }, () => LoadAsync(workspace, id, ct), ct);

    /// <summary>Replaces a credential's secret: the old one is never shown, the new one is encrypted as it arrives.</summary>
    public Task<IActionResult> OnPostRotateAsync(string workspace, Guid id, Guid credentialId, int version, string? secret, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            if (string.IsNullOrEmpty(secret)) throw Domain.Common.DomainException.Validation("secret", this.Say("Type the new secret first."));
            var credential = await update.HandleAsync(workspace, id, credentialId, new UpdateCredentialCommand(Secret: secret, Version: version), ct);
            Message = this.Say("The secret of '{0}' is replaced; the {1} instance(s) using it connect with the new one from now on.",
                credential.Name, credential.InstancesUsing);
        }, () => LoadAsync(workspace, id, ct), ct);

    public Task<IActionResult> OnPostDeleteAsync(string workspace, Guid id, Guid credentialId, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            await delete.HandleAsync(workspace, id, credentialId, ct);
            Message = this.Say("Credential deleted; its secret is erased.");
        }, () => LoadAsync(workspace, id, ct), ct);

    private async Task LoadAsync(string workspace, Guid id, CancellationToken ct)
    {
        Vault = await lookup.VaultAsync(workspace, id, Permission.ReadWorkspace, ct);
        Credentials = await list.HandleAsync(workspace, id, ListRequest.Of(("limit", "200")), ct);
    }
}
