using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Capacity;

/// <summary>The size an instance's total should not reach (its disk, say); null clears it.</summary>
public sealed record SetCapacityThresholdCommand(long? ThresholdBytes);

public sealed record CapacityThresholdDto(Guid InstanceId, long? ThresholdBytes);

public sealed class SetCapacityThresholdValidator : AbstractValidator<SetCapacityThresholdCommand>
{
    /// <summary>One exbibyte: beyond any disk, within what a forecast computes exactly.</summary>
    public const long MaxBytes = 1L << 60;

    public SetCapacityThresholdValidator() =>
        RuleFor(c => c.ThresholdBytes).InclusiveBetween(1, MaxBytes).When(c => c.ThresholdBytes is not null);
}

/// <summary>Sets or clears an instance's capacity threshold, the line its forecast is read against.</summary>
public sealed class SetCapacityThresholdHandler(IApplicationDbContext db, WorkspaceLookup lookup, SetCapacityThresholdValidator validator, AuditLog audit)
{
    public async Task<CapacityThresholdDto> HandleAsync(string workspace, Guid instanceId, SetCapacityThresholdCommand command, CancellationToken ct)
    {
        var instance = await lookup.FindAsync<Instance>(workspace, instanceId, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        instance.CapacityThresholdBytes = command.ThresholdBytes;
        audit.Record(AuditActions.InstanceUpdated, "instance", instance.Id, instance.WorkspaceId, new { capacity_threshold_bytes = command.ThresholdBytes });
        await db.SaveChangesAsync(ct);
        return new CapacityThresholdDto(instance.Id, instance.CapacityThresholdBytes);
    }
}
