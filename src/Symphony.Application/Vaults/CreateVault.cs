using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Vaults;

namespace Symphony.Application.Vaults;

public sealed record CreateVaultCommand(string Name, string? Description = null);

public sealed class CreateVaultValidator : AbstractValidator<CreateVaultCommand>
{
    public CreateVaultValidator()
    {
        RuleFor(c => c.Name).ResourceName();
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
    }
}

public sealed class CreateVaultHandler(IApplicationDbContext db, WorkspaceAccess access, CreateVaultValidator validator)
{
    public async Task<VaultDto> HandleAsync(string workspace, CreateVaultCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        await db.Vaults.Where(v => v.WorkspaceId == scope.Id).EnsureRoomForAsync(command.Name, Vault.MaxPerWorkspace, "Vault", "vaults", "workspace", ct);

        var vault = new Vault { WorkspaceId = scope.Id, Name = command.Name, Description = command.Description };
        db.Vaults.Add(vault);
        await db.SaveChangesAsync(ct);
        return VaultDto.From(vault);
    }
}
