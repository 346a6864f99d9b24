using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Common;
using Symphony.Application.Scheduler;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;
using Symphony.Domain.Scheduler;

namespace Symphony.Server.Pages.Scheduler;

/// <summary>One job: its trigger with a preview of the next five firings before saving, the actions, and its firing history.</summary>
public sealed class DetailModel(
    GetWorkspaceHandler getWorkspace, GetJobHandler get, UpdateJobHandler update, ListFiringsHandler firings, JobScheduleValidator validator,
    IJobStore store, TimeProvider clock) : WorkspacePage(getWorkspace)
{
    public JobDto Job { get; private set; } = null!;
    public PagedResult<FiringDto> Firings { get; private set; } = null!;
    public FiringOutcome? Outcome { get; private set; }

    [BindProperty] public string? Cron { get; set; }
    [BindProperty] public string? TimeZone { get; set; }
    [BindProperty] public int? IntervalSeconds { get; set; }
    [BindProperty] public MisfirePolicy Misfire { get; set; }

    /// <summary>The next five firings of the trigger in the form, before it is saved.</summary>
    public IReadOnlyList<DateTime>? Preview { get; private set; }

    public Task<IActionResult> OnGetAsync(string workspace, string jobId, FiringOutcome? outcome, CancellationToken ct)
    {
        Outcome = outcome;
        return RunAsync(workspace, null, () => LoadAsync(workspace, jobId, fillForm: true, ct), ct);
    }

    public Task<IActionResult> OnPostPreviewAsync(string workspace, string jobId, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var schedule = FormSchedule();
            await validator.EnsureValidAsync(schedule, ct);
            Preview = store.NextFireTimes(schedule, clock.GetUtcNow().UtcDateTime, GetJobHandler.NextFireTimeCount);
            Stays = true;
        }, () => LoadAsync(workspace, jobId, fillForm: false, ct), ct);

    public Task<IActionResult> OnPostSaveAsync(string workspace, string jobId, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            await update.HandleAsync(workspace, jobId, new UpdateJobCommand(Schedule: FormSchedule(), Misfire: Misfire), ct);
            Message = "Trigger saved.";
        }, () => LoadAsync(workspace, jobId, fillForm: Message is not null, ct), ct);

    private JobSchedule FormSchedule() => string.IsNullOrWhiteSpace(Cron)
        ? new JobSchedule(IntervalSeconds: IntervalSeconds ?? throw DomainException.Validation("schedule", "Give a cron expression or an interval."))
        : new JobSchedule(Cron.Trim(), string.IsNullOrWhiteSpace(TimeZone) ? "UTC" : TimeZone.Trim());

    private async Task LoadAsync(string workspace, string jobId, bool fillForm, CancellationToken ct)
    {
        Job = await get.HandleAsync(workspace, jobId, ct);
        var request = new List<(string, string)> { ("job_id", jobId), ("limit", "50") };
        if (Outcome is { } outcome) request.Add(("outcome", outcome.ToString().ToLowerInvariant()));
        Firings = await firings.HandleAsync(workspace, ListRequest.Of([.. request]), ct);
        if (!fillForm) return;
        (Cron, TimeZone, IntervalSeconds, Misfire) = (Job.Schedule.Cron, Job.Schedule.TimeZone, Job.Schedule.IntervalSeconds, Job.Misfire);
    }
}
