using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

/// <summary>
/// Changes an instance. Its db_type is fixed: accounts and sizes collected so far belong to that engine. An allowance
/// to send the password itself (allow_cleartext_password) is its owners' to give, and is dropped when anyone else
/// changes where the instance is, which credential it uses or its TLS mode.
/// </summary>
public sealed record UpdateInstanceCommand(
    string? Name = null, string? Host = null, int? Port = null, string? DatabaseName = null, Guid? CredentialId = null,
    string? Environment = null, string? Description = null, int? Version = null, TlsMode? TlsMode = null, bool? AllowCleartextPassword = null);

public sealed class UpdateInstanceValidator : AbstractValidator<UpdateInstanceCommand>
{
    public UpdateInstanceValidator()
    {
        RuleFor(c => c.Name!).ResourceName().When(c => c.Name is not null);
        RuleFor(c => c.Host).Host().Must(h => h is null || h.Length > 0).WithMessage("host must not be empty.");
        RuleFor(c => c.Port).Port();
        RuleFor(c => c.DatabaseName).DatabaseName();
        RuleFor(c => c.Environment).KnownEnvironment();
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
        RuleFor(c => c.Version).RequiredVersion();
        RuleFor(c => c.TlsMode).KnownTlsMode();
    }
}

public sealed class UpdateInstanceHandler(
    IApplicationDbContext db, WorkspaceAccess access, WorkspaceLookup lookup, UpdateInstanceValidator validator, TimeProvider clock, AuditLog audit)
{
    public async Task<InstanceDto> HandleAsync(string workspace, Guid id, UpdateInstanceCommand command, CancellationToken ct)
    {
        var (scope, owner) = await access.RequireAsync(workspace, Permission.WriteWorkspace, Permission.ManageWorkspace, ct);
        var instance = await lookup.FindInAsync<Instance>(scope.Id, id, ct);
        await validator.EnsureValidAsync(command, ct);
        InstanceRules.EnsureMayAllowCleartext(command.AllowCleartextPassword, owner);
        db.ExpectVersion(instance, command.Version!.Value);
        var before = (instance.Host, instance.Port, instance.CredentialId, instance.TlsMode);
        await InstanceRules.EnsureCredentialAsync(db, instance.WorkspaceId, command.CredentialId, ct);
        instance.Name = await db.Instances.Where(i => i.WorkspaceId == instance.WorkspaceId).RenameAsync(instance.Name, command.Name, "Instance", "workspace", ct);
        if (command.Host is not null) instance.Host = command.Host;
        if (command.Port is { } port) instance.Port = port;
        if (command.DatabaseName is not null) instance.DatabaseName = command.DatabaseName;
        if (command.CredentialId is { } credential) instance.CredentialId = credential;
        if (command.Environment is not null) instance.Environment = command.Environment;
        if (command.Description is not null) instance.Description = command.Description;
        if (command.TlsMode is { } mode) instance.TlsMode = mode;
        // Another server, another secret, or a weaker TLS: what the owners allowed was for the instance as it was.
        var moved = instance.Host != before.Host || instance.Port != before.Port || instance.CredentialId != before.CredentialId
            || instance.TlsMode != before.TlsMode;
        if (command.AllowCleartextPassword is { } allow) instance.AllowCleartextPassword = allow;
        else if (moved && !owner) instance.AllowCleartextPassword = false;
        audit.Record(AuditActions.InstanceUpdated, "instance", instance.Id, instance.WorkspaceId, InstanceRules.AuditDetails(instance));
        await db.SaveChangesAsync(ct);
        return await InstanceDto.LoadAsync(db, instance, clock.GetUtcNow().UtcDateTime, ct);
    }
}
