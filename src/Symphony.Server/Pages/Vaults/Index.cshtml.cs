using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Common;
using Symphony.Application.Vaults;
using Symphony.Application.Workspaces;

namespace Symphony.Server.Pages.Vaults;

public sealed class IndexModel(GetWorkspaceHandler getWorkspace, ListVaultsHandler list, CreateVaultHandler create, LockVaultHandler lockVault)
    : WorkspacePage(getWorkspace)
{
    public PagedResult<VaultDto> Vaults { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string workspace, CancellationToken ct) => RunAsync(workspace, null, () => LoadAsync(workspace, ct), ct);

    public Task<IActionResult> OnPostCreateAsync(string workspace, string name, string? description, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var vault = await create.HandleAsync(workspace, new CreateVaultCommand(name, string.IsNullOrWhiteSpace(description) ? null : description), ct);
            Message = $"Vault '{vault.Name}' created.";
        }, () => LoadAsync(workspace, ct), ct);

    public Task<IActionResult> OnPostLockAsync(string workspace, Guid id, bool locked, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var vault = await lockVault.HandleAsync(workspace, id, locked, ct);
            Message = $"Vault '{vault.Name}' {(vault.IsLocked ? "locked: its credentials cannot be used" : "unlocked")}.";
        }, () => LoadAsync(workspace, ct), ct);

    private async Task LoadAsync(string workspace, CancellationToken ct) => Vaults = await list.HandleAsync(workspace, ListRequest.Of(("limit", "100")), ct);
}
