using FluentValidation;
using Microsoft.Extensions.Options;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Audit;
using Symphony.Domain.Common;
using Symphony.Domain.Scheduler;

namespace Symphony.Application.Scheduler;

/// <summary>A custom job: any automation of the workspace on a schedule. Without an id, one is made from the name.</summary>
public sealed record CreateJobCommand(
    string Name, string Automation, JobSchedule Schedule, string? Id = null, JobScope? Scope = null, MisfirePolicy? Misfire = null, bool? Paused = null);

public sealed class CreateJobValidator : AbstractValidator<CreateJobCommand>
{
    public CreateJobValidator(JobScheduleValidator schedule, JobScopeValidator scope)
    {
        RuleFor(c => c.Id).Must(id => id is null || ScheduledJob.IsValidId(id))
            .WithMessage($"An id is lower-case letters and digits in words joined by '-', at most {ScheduledJob.MaxIdLength} characters.");
        RuleFor(c => c.Name).NotEmpty().MaximumLength(ScheduledJob.MaxNameLength).PlainText();
        RuleFor(c => c.Automation).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Schedule).NotNull().SetValidator(schedule);
        RuleFor(c => c.Scope!).SetValidator(scope).When(c => c.Scope is not null);
        RuleFor(c => c.Misfire).IsInEnum();
    }
}

public sealed class CreateJobHandler(
    IApplicationDbContext db, WorkspaceAccess access, IJobStore store, BuiltInJobs builtIns, AuditLog audit, CreateJobValidator validator, GetJobHandler get,
    IOptions<JobLimitOptions> limits, TimeProvider clock)
{
    public async Task<JobDto> HandleAsync(string workspace, CreateJobCommand command, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.WriteWorkspace, ct);
        await validator.EnsureValidAsync(command, ct);
        var jobScope = command.Scope ?? JobScope.All;
        var automation = await JobRules.ResolveAutomationAsync(db, scope.Id, command.Automation, jobScope, ct);
        var id = command.Id ?? IdFrom(command.Name);
        if (builtIns.Find(id) is not null)
            throw new DomainException(MessageCodes.AlreadyExists, $"'{id}' is the id of a built-in job.");
        JobRules.EnsureNotTooFrequent(store, command.Schedule, automation, limits.Value, clock.NowUtc());
        // Each job fires on its own: the bound keeps one workspace from flooding the scheduler.
        JobRules.EnsureRoomForJob(await store.ListAsync(scope.Id, ct), builtIns, limits.Value);
        var job = new ScheduledJob(scope.Id, id, command.Name, automation, command.Schedule, jobScope, command.Misfire ?? MisfirePolicy.FireOnce, BuiltIn: false);
        if (!await store.CreateAsync(job, command.Paused ?? false, ct))
            throw new DomainException(MessageCodes.AlreadyExists, $"A job '{id}' already exists in this workspace.");
        audit.Record(AuditActions.JobCreated, "scheduler_job", id, scope.Id, new { name = job.Name, automation });
        await db.SaveChangesAsync(ct);
        return await get.HandleAsync(workspace, id, ct);
    }

    /// <summary>"Nightly vacuum (prod)" becomes "nightly-vacuum-prod".</summary>
    private static string IdFrom(string name)
    {
        var words = new string(name.ToLowerInvariant().Select(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var id = string.Join('-', words);
        if (id.Length > 60) id = id[..60].TrimEnd('-');
        return ScheduledJob.IsValidId(id) ? id : $"job-{Guid.NewGuid().ToString("N")[..8]}";
    }
}
