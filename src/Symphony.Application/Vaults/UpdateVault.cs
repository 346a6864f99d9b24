using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Vaults;

namespace Symphony.Application.Vaults;

public sealed record UpdateVaultCommand(string? Name = null, string? Description = null, int? Version = null);

public sealed class UpdateVaultValidator : AbstractValidator<UpdateVaultCommand>
{
    public UpdateVaultValidator()
    {
        RuleFor(c => c.Name!).ResourceName().When(c => c.Name is not null);
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
        RuleFor(c => c.Version).RequiredVersion();
    }
}

public sealed class UpdateVaultHandler(IApplicationDbContext db, WorkspaceLookup lookup, UpdateVaultValidator validator)
{
    public async Task<VaultDto> HandleAsync(string workspace, Guid id, UpdateVaultCommand command, CancellationToken ct)
    {
        var vault = await lookup.FindAsync<Vault>(workspace, id, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        db.ExpectVersion(vault, command.Version!.Value);
        vault.Name = await db.Vaults.Where(v => v.WorkspaceId == vault.WorkspaceId).RenameAsync(vault.Name, command.Name, "Vault", "workspace", ct);
        if (command.Description is not null) vault.Description = command.Description;
        await db.SaveChangesAsync(ct);
        return VaultDto.From(vault);
    }
}
