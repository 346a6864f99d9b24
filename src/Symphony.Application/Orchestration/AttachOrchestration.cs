using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Common;
using Symphony.Domain.Orchestration;
using Symphony.Domain.Runs;

namespace Symphony.Application.Orchestration;

/// <summary>Links a run to an orchestration instance of the same workspace.</summary>
public sealed record AttachOrchestrationCommand(Guid OrchestrationInstanceId);

public sealed class AttachOrchestrationValidator : AbstractValidator<AttachOrchestrationCommand>
{
    public AttachOrchestrationValidator() => RuleFor(c => c.OrchestrationInstanceId).NotEmpty();
}

public sealed class AttachOrchestrationHandler(IApplicationDbContext db, WorkspaceLookup lookup, AttachOrchestrationValidator validator, TimeProvider clock)
{
    public async Task<RunOrchestrationDto> HandleAsync(string workspace, Guid runId, AttachOrchestrationCommand command, CancellationToken ct)
    {
        var run = await lookup.FindAsync<Run>(workspace, runId, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        var instance = await db.OrchestrationInstances
            .FirstOrDefaultAsync(o => o.Id == command.OrchestrationInstanceId && o.WorkspaceId == run.WorkspaceId, ct)
            ?? throw DomainException.Validation("orchestration_instance_id", $"No orchestration instance {command.OrchestrationInstanceId} in this workspace.");
        if (await db.RunOrchestrations.AnyAsync(l => l.RunId == run.Id && l.OrchestrationInstanceId == instance.Id, ct))
            throw new DomainException(MessageCodes.AlreadyExists, "The run is already linked to this orchestration instance.");
        var link = new RunOrchestration { RunId = run.Id, OrchestrationInstanceId = instance.Id, AttachedAt = clock.GetUtcNow().UtcDateTime };
        db.RunOrchestrations.Add(link);
        await db.SaveChangesAsync(ct);
        var dto = (await OrchestrationInstanceDto.LoadManyAsync(db, [instance], ct))[0];
        return new RunOrchestrationDto(link.Id, run.Id, link.AttachedAt, dto);
    }
}
