using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;
using Symphony.Domain.Vaults;

namespace Symphony.Application.Vaults;

public sealed record UpdateVaultCommand(string? Name = null, string? Description = null, int? Version = null);

public sealed class UpdateVaultValidator : AbstractValidator<UpdateVaultCommand>
{
    public UpdateVaultValidator()
    {
        RuleFor(c => c.Name!).ResourceName().When(c => c.Name is not null);
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
        RuleFor(c => c.Version).NotNull().WithMessage("version is required (body field or If-Match header).");
    }
}

public sealed class UpdateVaultHandler(IApplicationDbContext db, WorkspaceAccess access, WorkspaceLookup lookup, UpdateVaultValidator validator)
{
    public async Task<VaultDto> HandleAsync(string workspace, Guid id, UpdateVaultCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        var vault = await lookup.FindInAsync<Vault>(scope.Id, id, ct);
        db.ExpectVersion(vault, command.Version!.Value);
        if (command.Name is not null && command.Name != vault.Name)
        {
            await db.Vaults.Where(v => v.WorkspaceId == scope.Id).EnsureNameFreeAsync(command.Name, "Vault", "workspace", ct);
            vault.Name = command.Name;
        }
        if (command.Description is not null) vault.Description = command.Description;
        await db.SaveChangesAsync(ct);
        return VaultDto.From(vault);
    }
}
