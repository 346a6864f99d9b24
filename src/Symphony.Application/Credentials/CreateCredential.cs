using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Vaults;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Credentials;

namespace Symphony.Application.Credentials;

public sealed record CreateCredentialCommand(string Name, string Username, string Secret, string? Description = null);

public sealed class CreateCredentialValidator : AbstractValidator<CreateCredentialCommand>
{
    public CreateCredentialValidator()
    {
        RuleFor(c => c.Name).ResourceName();
        RuleFor(c => c.Username).NotEmpty().MaximumLength(200).PlainText();
        RuleFor(c => c.Secret).NotEmpty().MaximumLength(Credential.MaxSecretLength);
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
    }
}

public sealed class CreateCredentialHandler(
    IApplicationDbContext db, CredentialLookup lookup, CreateCredentialValidator validator, ISecretProtector protector, TimeProvider clock,
    AuditLog audit)
{
    public async Task<CredentialDto> HandleAsync(string workspace, Guid vaultId, CreateCredentialCommand command, CancellationToken ct)
    {
        var vault = await lookup.VaultAsync(workspace, vaultId, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        vault.EnsureUnlocked();
        await db.Credentials.Where(c => c.VaultId == vault.Id).EnsureRoomForAsync(command.Name, Credential.MaxPerVault, "Credential", "credentials", "vault", ct);

        var credential = new Credential
        {
            WorkspaceId = vault.WorkspaceId,
            VaultId = vault.Id,
            Name = command.Name,
            Username = command.Username,
            Description = command.Description,
            KeyId = "",
            WrappedKey = [],
            SecretCiphertext = [],
        };
        CredentialSecrets.Store(credential, command.Secret, protector, clock.GetUtcNow().UtcDateTime);
        db.Credentials.Add(credential);
        audit.Record(AuditActions.CredentialCreated, "credential", credential.Id, credential.WorkspaceId,
            new { name = credential.Name, vault = vault.Name, username = credential.Username });
        await db.SaveChangesAsync(ct);
        return CredentialDto.From(credential, instancesUsing: 0);
    }
}
