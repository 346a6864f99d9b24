using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Audit;
using Symphony.Domain.Fleet;
using Symphony.Domain.Identity;

namespace Symphony.Application.Fleet;

/// <summary>Changes an instance. Its db_type is fixed: accounts and sizes collected so far belong to that engine.</summary>
public sealed record UpdateInstanceCommand(
    string? Name = null, string? Host = null, int? Port = null, string? DatabaseName = null, Guid? CredentialId = null,
    string? Environment = null, string? Description = null, int? Version = null);

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
    }
}

public sealed class UpdateInstanceHandler(IApplicationDbContext db, WorkspaceLookup lookup, UpdateInstanceValidator validator, TimeProvider clock, AuditLog audit)
{
    public async Task<InstanceDto> HandleAsync(string workspace, Guid id, UpdateInstanceCommand command, CancellationToken ct)
    {
        var instance = await lookup.FindAsync<Instance>(workspace, id, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        db.ExpectVersion(instance, command.Version!.Value);
        await InstanceRules.EnsureCredentialAsync(db, instance.WorkspaceId, command.CredentialId, ct);
        instance.Name = await db.Instances.Where(i => i.WorkspaceId == instance.WorkspaceId).RenameAsync(instance.Name, command.Name, "Instance", "workspace", ct);
        if (command.Host is not null) instance.Host = command.Host;
        if (command.Port is { } port) instance.Port = port;
        if (command.DatabaseName is not null) instance.DatabaseName = command.DatabaseName;
        if (command.CredentialId is { } credential) instance.CredentialId = credential;
        if (command.Environment is not null) instance.Environment = command.Environment;
        if (command.Description is not null) instance.Description = command.Description;
        audit.Record(AuditActions.InstanceUpdated, "instance", instance.Id, instance.WorkspaceId, InstanceRules.AuditDetails(instance));
        await db.SaveChangesAsync(ct);
        return await InstanceDto.LoadAsync(db, instance, clock.GetUtcNow().UtcDateTime, ct);
    }
}
