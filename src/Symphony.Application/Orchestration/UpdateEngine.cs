using System.Text.Json;
using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Orchestration;

namespace Symphony.Application.Orchestration;

/// <summary>Changes an engine; its type is fixed once created (its instances were started on that type).</summary>
public sealed record UpdateEngineCommand(
    string? Name = null, string? Description = null, string? BaseUrl = null, JsonElement? Config = null, int? Version = null);

public sealed class UpdateEngineValidator : AbstractValidator<UpdateEngineCommand>
{
    public UpdateEngineValidator()
    {
        RuleFor(c => c.Name!).ResourceName().When(c => c.Name is not null);
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
        RuleFor(c => c.BaseUrl).BaseUrl();
        RuleFor(c => c.Config).ConfigObject();
        RuleFor(c => c.Version).RequiredVersion();
    }
}

public sealed class UpdateEngineHandler(IApplicationDbContext db, WorkspaceAccess access, WorkspaceLookup lookup, UpdateEngineValidator validator, EngineAdapters adapters, EgressPolicy egress,
    AuditLog audit)
{
    public async Task<EngineDto> HandleAsync(string workspace, Guid id, UpdateEngineCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        var engine = await lookup.FindInAsync<Engine>(scope.Id, id, ct);
        db.ExpectVersion(engine, command.Version!.Value);
        engine.Name = await db.Engines.Where(e => e.WorkspaceId == scope.Id).RenameAsync(engine.Name, command.Name, "Engine", "workspace", ct);
        if (command.Description is not null) engine.Description = command.Description;
        if (command.BaseUrl is not null) engine.BaseUrl = command.BaseUrl.TrimEnd('/');
        if (command.Config is { } config) engine.Config = config.GetRawText();
        EngineRules.EnsureConsistent(engine, adapters, egress);
        audit.Record(AuditActions.EngineUpdated, "engine", engine.Id, engine.WorkspaceId,
            new { name = engine.Name, base_url = engine.BaseUrl, config_changed = command.Config is not null });
        await db.SaveChangesAsync(ct);
        return EngineDto.From(engine);
    }
}
