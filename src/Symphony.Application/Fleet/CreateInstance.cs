using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Fleet;

public sealed record CreateInstanceCommand(
    string Name, string DbType, string Host, int? Port = null, string? DatabaseName = null, Guid? CredentialId = null,
    string? Environment = null, string? Description = null, TlsMode? TlsMode = null, bool? AllowCleartextPassword = null);

public sealed class CreateInstanceValidator : AbstractValidator<CreateInstanceCommand>
{
    public CreateInstanceValidator()
    {
        RuleFor(c => c.Name).ResourceName();
        RuleFor(c => c.DbType).NotEmpty().KnownDbType();
        RuleFor(c => c.Host).NotEmpty().Host();
        RuleFor(c => c.Port).Port();
        RuleFor(c => c.DatabaseName).DatabaseName();
        RuleFor(c => c.Environment).KnownEnvironment();
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
        RuleFor(c => c.TlsMode).KnownTlsMode();
    }
}

public sealed class CreateInstanceHandler(
    IApplicationDbContext db, WorkspaceAccess access, CreateInstanceValidator validator, TimeProvider clock, AuditLog audit)
{
    public async Task<InstanceDto> HandleAsync(string workspace, CreateInstanceCommand command, CancellationToken ct)
    {
        var (scope, owner) = await access.RequireAsync(workspace, Permission.WriteWorkspace, Permission.ManageWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        InstanceRules.EnsureMayAllowCleartext(command.AllowCleartextPassword, owner);
        await InstanceRules.EnsureCredentialAsync(db, scope.Id, command.CredentialId, ct);
        await db.Instances.Where(i => i.WorkspaceId == scope.Id).EnsureRoomForAsync(command.Name, Instance.MaxPerWorkspace, "Instance", "instances", "workspace", ct);

        var instance = command.ToInstance(scope.Id);
        db.Instances.Add(instance);
        audit.Record(AuditActions.InstanceCreated, "instance", instance.Id, scope.Id, InstanceRules.AuditDetails(instance));
        await db.SaveChangesAsync(ct);
        return InstanceDto.From(instance, clock.GetUtcNow().UtcDateTime);
    }
}

internal static class CreateInstanceCommands
{
    public static Instance ToInstance(this CreateInstanceCommand command, Guid workspaceId) => new()
    {
        WorkspaceId = workspaceId,
        Name = command.Name,
        DbType = command.DbType,
        Host = command.Host,
        Port = command.Port ?? DbTypes.DefaultPort(command.DbType),
        DatabaseName = command.DatabaseName,
        CredentialId = command.CredentialId,
        Environment = command.Environment,
        Description = command.Description,
        TlsMode = command.TlsMode ?? TlsMode.Prefer,
        AllowCleartextPassword = command.AllowCleartextPassword ?? false,
    };
}
