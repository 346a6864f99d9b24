using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Fleet;
using Symphony.Application.Runs;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;
using Symphony.Domain.Runs;
using Symphony.Domain.Scheduler;

namespace Symphony.Application.Scheduler;

/// <summary>
/// What a firing came to; <see cref="Refusal"/> is why no run was started, when one was refused. A request to run
/// now repeated with its Idempotency-Key records no second firing: <see cref="Firing"/> is null.
/// </summary>
public sealed record FiringResult(FiringDto? Firing, RunDto? Run, DomainException? Refusal);

/// <summary>
/// Fires a job: starts a run of its automation over its scope, unless its previous run is still active (then the
/// firing is skipped, with the run named), and records the firing. A firing of the schedule carries an
/// idempotency key made of the job and its due time, so a firing repeated after a node's crash finds the run the
/// first one started instead of starting a second.
/// </summary>
public sealed class JobFiring(
    IApplicationDbContext db, IJobStore store, StartRunHandler runs, StartFleetSyncHandler fleet, BuiltInRuns builtIns, TimeProvider clock)
{
    public async Task<FiringResult> FireAsync(ScheduledJob job, DateTime scheduledAt, string node, bool manual, string? idempotencyKey, CancellationToken ct)
    {
        // A workspace deleted since the last sweep of the built-in jobs: its jobs go now, and nothing fires.
        if (!await db.Workspaces.AnyAsync(w => w.Id == job.WorkspaceId, ct))
        {
            await store.DeleteWorkspaceAsync(job.WorkspaceId, ct);
            return new FiringResult(null, null, DomainException.NotFound($"Workspace {job.WorkspaceId}"));
        }
        var key = idempotencyKey ?? (manual ? null : ScheduledJob.KeyOf(job.Id, scheduledAt));
        var trigger = manual ? RunTrigger.Api : RunTrigger.Scheduled;
        var firing = new Firing
        {
            WorkspaceId = job.WorkspaceId,
            JobId = job.Id,
            ScheduledAt = scheduledAt,
            FiredAt = clock.GetUtcNow().UtcDateTime,
            Manual = manual,
            Node = node.Length > 200 ? node[..200] : node,
        };

        RunDto? run = null;
        DomainException? refusal = null;
        var idempotency = IdempotencyKey.Of(key, "job", job.Id);
        RunDto? repeated;
        try
        {
            repeated = idempotency is null ? null : await runs.ExistingAsync(job.WorkspaceId, idempotency, ct);
        }
        catch (DomainException e) when (e.Code == MessageCodes.IdempotencyKeyReused)
        {
            return new FiringResult(null, null, e);
        }
        var active = repeated is not null ? null : await ActiveRunAsync(job, ct);
        if (repeated is not null && manual)
            return new FiringResult(null, repeated, null);
        if (repeated is not null)
        {
            run = repeated;
            firing.Outcome = FiringOutcome.Started;
            firing.Reason = "Repeated: the run this firing started before.";
        }
        else if (active is not null)
        {
            firing.Outcome = FiringOutcome.Skipped;
            firing.Reason = $"The previous run {active.Id} is still {active.Status.ToString().ToLowerInvariant()}.";
            refusal = new DomainException(MessageCodes.JobRunActive, firing.Reason);
        }
        else
        {
            try
            {
                run = await StartAsync(job, trigger, idempotency, ct);
                firing.Outcome = FiringOutcome.Started;
            }
            catch (DomainException e)
            {
                // Nothing in scope is a quiet day, not a fault; anything else (the automation gone, payloads that no
                // longer match its schemas) fails the firing and says why.
                firing.Outcome = e.Code == MessageCodes.NothingInScope ? FiringOutcome.Skipped : FiringOutcome.Failed;
                firing.Reason = e.Message.Length > Firing.MaxReasonLength ? e.Message[..Firing.MaxReasonLength] : e.Message;
                refusal = e;
            }
        }
        firing.RunId = run?.Id;
        return new FiringResult(await RecordAsync(firing, ct), run, refusal);
    }

    private async Task<Run?> ActiveRunAsync(ScheduledJob job, CancellationToken ct)
    {
        var correlationId = ScheduledJob.CorrelationIdOf(job.Id);
        var unfinished = ExecutionTransitions.Unfinished;
        return await db.Runs.AsNoTracking()
            .Where(r => r.WorkspaceId == job.WorkspaceId && r.CorrelationId == correlationId && unfinished.Contains(r.Status))
            .OrderBy(r => r.CreatedAt).FirstOrDefaultAsync(ct);
    }

    private async Task<RunDto> StartAsync(ScheduledJob job, RunTrigger trigger, IdempotencyKey? key, CancellationToken ct)
    {
        var command = new StartRunCommand(trigger, ScheduledJob.CorrelationIdOf(job.Id));
        var automation = Guid.TryParse(job.Automation, out var id)
            ? await db.Automations.AsNoTracking().FirstOrDefaultAsync(a => a.WorkspaceId == job.WorkspaceId && a.Id == id, ct)
            : null;
        switch (BuiltIns.Named(automation?.Name ?? job.Automation))
        {
            case { Scope: BuiltInScope.FixedItems } builtIn:
                return (await builtIns.StartAsync(job.WorkspaceId, builtIn, command, key, ct)).Run;
            case { Scope: BuiltInScope.Instances } sync:
                var scope = new FleetSyncCommand(job.Scope.InstanceIds, job.Scope.DbType, job.Scope.Environment, job.Scope.Tags);
                return (await fleet.StartAsync(job.WorkspaceId, sync, scope, command, key, ct)).Run;
        }
        if (automation is null)
            throw DomainException.NotFound($"Automation '{job.Automation}'");
        return (await runs.StartAsync(automation, command with { BatchIds = job.Scope.BatchIds }, key, ct)).Run;
    }

    /// <summary>Stores the firing; a firing of the same due time stored meanwhile (a repeat after a crash) is the answer instead.</summary>
    private async Task<FiringDto> RecordAsync(Firing firing, CancellationToken ct)
    {
        var stored = await db.Firings.AsNoTracking()
            .FirstOrDefaultAsync(f => f.WorkspaceId == firing.WorkspaceId && f.JobId == firing.JobId && f.ScheduledAt == firing.ScheduledAt, ct);
        if (stored is null)
        {
            db.Firings.Add(firing);
            try
            {
                await db.SaveChangesAsync(ct);
                stored = firing;
            }
            catch (DbUpdateException)
            {
                db.Entry(firing).State = EntityState.Detached;
                stored = await db.Firings.AsNoTracking()
                    .FirstAsync(f => f.WorkspaceId == firing.WorkspaceId && f.JobId == firing.JobId && f.ScheduledAt == firing.ScheduledAt, ct);
            }
        }
        return await Firings.WithRunStatus(db, db.Firings.Where(f => f.Id == stored.Id)).FirstAsync(ct);
    }
}
