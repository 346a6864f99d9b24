using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;
using Symphony.Domain.Workspaces;

using Symphony.Domain.Vaults;
namespace Symphony.Application.Vaults;

public sealed class GetVaultHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public async Task<VaultDto> HandleAsync(string reference, Guid id, CancellationToken ct)
    {
        var workspace = await access.RequireAsync(reference, Permission.ReadWorkspace, ct);
        return VaultDto.From(await FindAsync(db, workspace, id, ct));
    }

    internal static async Task<Vault> FindAsync(IApplicationDbContext db, Workspace workspace, Guid id, CancellationToken ct) =>
        await db.Vaults.FirstOrDefaultAsync(v => v.Id == id && v.WorkspaceId == workspace.Id, ct)
        ?? throw DomainException.NotFound($"Vault {id}");
}
