using System.Text.Json;
using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Orchestration;

namespace Symphony.Application.Orchestration;

public sealed record CreateEngineCommand(string Name, string Type, string? Description = null, string? BaseUrl = null, JsonElement? Config = null);

public sealed class CreateEngineValidator : AbstractValidator<CreateEngineCommand>
{
    public CreateEngineValidator()
    {
        RuleFor(c => c.Name).ResourceName();
        RuleFor(c => c.Type).NotEmpty().KnownEngineType();
        RuleFor(c => c.Description).MaximumLength(2000).PlainText();
        RuleFor(c => c.BaseUrl).BaseUrl();
        RuleFor(c => c.Config).ConfigObject();
    }
}

public sealed class CreateEngineHandler(IApplicationDbContext db, WorkspaceAccess access, CreateEngineValidator validator, EngineAdapters adapters, EgressPolicy egress,
    AuditLog audit)
{
    public async Task<EngineDto> HandleAsync(string workspace, CreateEngineCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        var engine = new Engine
        {
            WorkspaceId = scope.Id,
            Name = command.Name,
            Type = command.Type,
            Description = command.Description,
            BaseUrl = command.BaseUrl?.TrimEnd('/'),
            Config = command.Config?.GetRawText() ?? "{}",
        };
        EngineRules.EnsureConsistent(engine, adapters, egress);
        await db.Engines.Where(e => e.WorkspaceId == scope.Id).EnsureNameFreeAsync(command.Name, "Engine", "workspace", ct);
        db.Engines.Add(engine);
        audit.Record(AuditActions.EngineCreated, "engine", engine.Id, scope.Id, new { name = engine.Name, type = engine.Type, base_url = engine.BaseUrl });
        await db.SaveChangesAsync(ct);
        return EngineDto.From(engine);
    }
}
