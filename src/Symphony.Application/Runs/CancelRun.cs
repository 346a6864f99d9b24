using FluentValidation;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Runs;

namespace Symphony.Application.Runs;

public sealed record CancelRunCommand(string? Reason = null);

public sealed class CancelRunValidator : AbstractValidator<CancelRunCommand>
{
    public CancelRunValidator() => RuleFor(c => c.Reason).MaximumLength(500).PlainText();
}

/// <summary>
/// Cancels a run: queued items are cancelled at once; items being processed are told to stop by their worker,
/// which sees the run's status within a second.
/// </summary>
public sealed class CancelRunHandler(IApplicationDbContext db, WorkspaceLookup lookup, IRunQueue queue, TimeProvider clock, CancelRunValidator validator)
{
    public async Task<RunDto> HandleAsync(string workspace, Guid runId, CancelRunCommand command, CancellationToken ct)
    {
        var run = await lookup.FindAsync<Run>(workspace, runId, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        run.TransitionTo(ExecutionStatus.Cancelled, clock.GetUtcNow().UtcDateTime);
        run.CancellationReason = command.Reason ?? "cancelled by request";
        await db.SaveChangesAsync(ct);
        await queue.CancelQueuedAsync(run.Id, run.CancellationReason, ct);
        return await RunDto.LoadAsync(db, run, clock, ct);
    }
}
