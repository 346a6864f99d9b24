using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Vaults;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Credentials;

namespace Symphony.Application.Credentials;

/// <summary>Changes a credential; a new secret replaces the old one (it is never read back).</summary>
public sealed record UpdateCredentialCommand(string? Name = null, string? Username = null, string? Secret = null, string? Description = null, int? Version = null);

public sealed class UpdateCredentialValidator : AbstractValidator<UpdateCredentialCommand>
{
    public UpdateCredentialValidator()
    {
        RuleFor(c => c.Name!).ResourceName().When(c => c.Name is not null);
        RuleFor(c => c.Username).MaximumLength(200).PlainText().Must(u => u is null || u.Length > 0).WithMessage("username must not be empty.");
        RuleFor(c => c.Secret).MaximumLength(Credential.MaxSecretLength).Must(s => s is null || s.Length > 0).WithMessage("secret must not be empty.");
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
        RuleFor(c => c.Version).RequiredVersion();
    }
}

public sealed class UpdateCredentialHandler(
    IApplicationDbContext db, CredentialLookup lookup, UpdateCredentialValidator validator, ISecretProtector protector, TimeProvider clock,
    AuditLog audit)
{
    public async Task<CredentialDto> HandleAsync(string workspace, Guid vaultId, Guid id, UpdateCredentialCommand command, CancellationToken ct)
    {
        var (vault, credential) = await lookup.CredentialAsync(workspace, vaultId, id, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        vault.EnsureUnlocked();
        db.ExpectVersion(credential, command.Version!.Value);
        credential.Name = await db.Credentials.Where(c => c.VaultId == vault.Id).RenameAsync(credential.Name, command.Name, "Credential", "vault", ct);
        if (command.Username is not null) credential.Username = command.Username;
        if (command.Description is not null) credential.Description = command.Description;
        if (command.Secret is not null) CredentialSecrets.Store(credential, command.Secret, protector, clock.GetUtcNow().UtcDateTime);
        audit.Record(AuditActions.CredentialUpdated, "credential", credential.Id, credential.WorkspaceId,
            new { name = credential.Name, username_changed = command.Username is not null, secret_changed = command.Secret is not null });
        await db.SaveChangesAsync(ct);
        return await CredentialDto.LoadAsync(db, credential, ct);
    }
}
