using System.Text.Json;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Orchestration;
using Symphony.Domain.Runs;

namespace Symphony.Application.Orchestration;

/// <summary>
/// Records a workflow Symphony did not start itself (started by hand, by another system), so runs can be linked
/// to it. Workflows started by an automation of handler kind "engine" are recorded by the engine executor.
/// </summary>
public sealed record RegisterOrchestrationInstanceCommand(
    Guid EngineId, string ExternalId, ExecutionStatus? Status = null, DateTime? StartedAt = null, DateTime? FinishedAt = null,
    JsonElement? Metadata = null);

public sealed class RegisterOrchestrationInstanceValidator : AbstractValidator<RegisterOrchestrationInstanceCommand>
{
    public RegisterOrchestrationInstanceValidator()
    {
        RuleFor(c => c.EngineId).NotEmpty();
        RuleFor(c => c.ExternalId).NotEmpty().MaximumLength(200).PlainText();
        RuleFor(c => c.Status).Must(s => s is null or not (ExecutionStatus.Retrying or ExecutionStatus.Skipped))
            .WithMessage("status must be one of: pending, processing, completed, failed, cancelled.");
        RuleFor(c => c.FinishedAt).GreaterThanOrEqualTo(c => c.StartedAt).When(c => c.StartedAt is not null && c.FinishedAt is not null)
            .WithMessage("finished_at must not be before started_at.");
        RuleFor(c => c.Metadata).Must(m => m is null || m.Value.ValueKind == JsonValueKind.Object).WithMessage("metadata must be a JSON object.");
    }
}

public sealed class RegisterOrchestrationInstanceHandler(IApplicationDbContext db, WorkspaceAccess access, RegisterOrchestrationInstanceValidator validator, TimeProvider clock)
{
    public async Task<OrchestrationInstanceDto> HandleAsync(string workspace, RegisterOrchestrationInstanceCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        var engine = await db.Engines.FirstOrDefaultAsync(e => e.Id == command.EngineId && e.WorkspaceId == scope.Id, ct)
            ?? throw DomainException.Validation("engine_id", $"No engine {command.EngineId} in this workspace.");
        if (await db.OrchestrationInstances.IgnoreQueryFilters().AnyAsync(o => o.EngineId == engine.Id && o.ExternalId == command.ExternalId, ct))
            throw new DomainException(MessageCodes.AlreadyExists, $"Engine '{engine.Name}' already has an instance '{command.ExternalId}'.");

        var status = command.Status ?? ExecutionStatus.Processing;
        var now = clock.GetUtcNow().UtcDateTime;
        var instance = new OrchestrationInstance
        {
            WorkspaceId = scope.Id,
            EngineId = engine.Id,
            ExternalId = command.ExternalId,
            Status = status,
            StartedAt = command.StartedAt ?? (status == ExecutionStatus.Pending ? null : now),
            FinishedAt = command.FinishedAt,
            Metadata = command.Metadata?.GetRawText() ?? "{}",
        };
        if (instance.FinishedAt is null && ExecutionTransitions.IsFinished(status))
            instance.FinishedAt = instance.StartedAt ?? now;
        if (instance is { StartedAt: { } started, FinishedAt: { } finished })
            instance.DurationSeconds = (int)Math.Round((finished - started).TotalSeconds);
        db.OrchestrationInstances.Add(instance);
        await db.SaveChangesAsync(ct);
        return OrchestrationInstanceDto.From(instance, []);
    }
}
