using FluentValidation;
using Microsoft.Extensions.Options;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Scheduler;

namespace Symphony.Application.Scheduler;

/// <summary>Changes a job's trigger (schedule, misfire policy), name or scope; what is left out stays. A paused job stays paused.</summary>
public sealed record UpdateJobCommand(string? Name = null, JobSchedule? Schedule = null, JobScope? Scope = null, MisfirePolicy? Misfire = null);

public sealed class UpdateJobValidator : AbstractValidator<UpdateJobCommand>
{
    public UpdateJobValidator(JobScheduleValidator schedule, JobScopeValidator scope)
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(ScheduledJob.MaxNameLength).PlainText().When(c => c.Name is not null);
        RuleFor(c => c.Schedule!).SetValidator(schedule).When(c => c.Schedule is not null);
        RuleFor(c => c.Scope!).SetValidator(scope).When(c => c.Scope is not null);
        RuleFor(c => c.Misfire).IsInEnum();
    }
}

public sealed class UpdateJobHandler(
    IApplicationDbContext db, WorkspaceAccess access, IJobStore store, JobLookup jobs, AuditLog audit, UpdateJobValidator validator, GetJobHandler get,
    IOptions<JobLimitOptions> limits, TimeProvider clock)
{
    public async Task<JobDto> HandleAsync(string workspace, string jobId, UpdateJobCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        var stored = await jobs.FindAsync(scope.Id, jobId, ct);
        await validator.EnsureValidAsync(command, ct);
        var job = stored.Job with
        {
            Name = command.Name ?? stored.Job.Name,
            Schedule = command.Schedule ?? stored.Job.Schedule,
            Scope = command.Scope ?? stored.Job.Scope,
            Misfire = command.Misfire ?? stored.Job.Misfire,
        };
        if (command.Scope is not null)
            await JobRules.ResolveAutomationAsync(db, scope.Id, job.Automation, job.Scope, ct);
        if (command.Schedule is not null)
            JobRules.EnsureNotTooFrequent(store, job.Schedule, job.Automation, limits.Value, clock.NowUtc());
        await store.SaveAsync(job, paused: null, ct);
        audit.Record(AuditActions.JobUpdated, "scheduler_job", jobId, scope.Id,
            new { name = job.Name, cron = job.Schedule.Cron, time_zone = job.Schedule.TimeZone, interval_seconds = job.Schedule.IntervalSeconds });
        await db.SaveChangesAsync(ct);
        return await get.HandleAsync(workspace, jobId, ct);
    }
}
