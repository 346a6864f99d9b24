using Microsoft.AspNetCore.Http.HttpResults;
using Symphony.Application.Common;
using Symphony.Application.Runs;
using Symphony.Application.Scheduler;

namespace Symphony.Server.Api;

/// <summary>The scheduler: a workspace's jobs, their triggers and state, firing now, and the firing history.</summary>
public static class SchedulerApi
{
    public static RouteGroupBuilder MapSchedulerApi(this RouteGroupBuilder api)
    {
        var scheduler = api.MapGroup("/workspaces/{workspace}/scheduler").WithTags("Scheduler").RequireAuthorization();
        scheduler.MapGet("/jobs", List)
            .Describe("listJobs", "List scheduled jobs",
                "The workspace's jobs with their triggers, state and next firing.");
        scheduler.MapPost("/jobs", Create)
            .Describe("createJob", "Create a scheduled job",
                "A job fires an automation (or a built-in task) on a cron or interval schedule in a time zone.");
        scheduler.MapPost("/jobs/actions/reload", Reload)
            .Describe("reloadBuiltInJobs", "Reload the built-in jobs",
                "Workspace owners and admins only. Resets the built-in jobs to the scheduler file, their pause state included, and removes those it no longer lists.");
        scheduler.MapGet("/jobs/{jobId}", Get)
            .Describe("getJob", "Get a scheduled job",
                "The job with its trigger, state and next firing.");
        scheduler.MapPatch("/jobs/{jobId}", Update)
            .Describe("updateJob", "Update a scheduled job",
                "Changes the job's name, schedule, misfire policy or scope; a reload resets a built-in job to the scheduler file.");
        scheduler.MapDelete("/jobs/{jobId}", Delete)
            .Describe("deleteJob", "Delete a scheduled job",
                "Built-in jobs cannot be deleted (409 JOB_BUILT_IN).");
        scheduler.MapPost("/jobs/{jobId}/actions/pause", Pause)
            .Describe("pauseJob", "Pause a scheduled job",
                "The job stops firing until resumed.");
        scheduler.MapPost("/jobs/{jobId}/actions/resume", Resume)
            .Describe("resumeJob", "Resume a scheduled job",
                "The job fires again; firings missed while paused follow its misfire policy (one catch-up firing, or none).");
        scheduler.MapPost("/jobs/{jobId}/actions/run", Run)
            .Describe("runJobNow", "Run a scheduled job now",
                "Fires the job now: 202 with the run it started, or with `wait` the finished run. 409 JOB_RUN_ACTIVE while a run of the job is still working.");
        scheduler.MapGet("/firings", Firings)
            .Describe("listFirings", "List firings",
                "The scheduler's firing history: when each job fired, on which node, and the run it started or why it did not.");
        return api;
    }

    private static Task<IReadOnlyList<JobDto>> List(string workspace, ListJobsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ct);

    private static async Task<Created<JobDto>> Create(string workspace, CreateJobCommand command, CreateJobHandler handler, CancellationToken ct)
    {
        var job = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/scheduler/jobs/{job.Id}", job);
    }

    private static Task<IReadOnlyList<JobDto>> Reload(string workspace, ReloadBuiltInJobsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ct);

    private static Task<JobDto> Get(string workspace, string jobId, GetJobHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, jobId, ct);

    private static Task<JobDto> Update(string workspace, string jobId, UpdateJobCommand command, UpdateJobHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, jobId, command, ct);

    private static async Task<NoContent> Delete(string workspace, string jobId, DeleteJobHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, jobId, ct);
        return TypedResults.NoContent();
    }

    private static Task<JobDto> Pause(string workspace, string jobId, PauseJobHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, jobId, ct);

    private static Task<JobDto> Resume(string workspace, string jobId, ResumeJobHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, jobId, ct);

    /// <summary>Fires the job now: 202 with the run it started and its Location, as when a run is started (<c>?wait=N</c>, <c>Idempotency-Key</c>).</summary>
    private static async Task<Results<Ok<RunDto>, Accepted<RunDto>>> Run(
        string workspace, string jobId, int? wait, HttpContext http, RunJobNowHandler handler, WaitForRunHandler waiter, CancellationToken ct)
    {
        var seconds = WaitForRunHandler.Seconds(wait);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var run = await handler.HandleAsync(workspace, jobId, key.Length == 0 ? null : key, ct);
        return await RunsApi.AnswerAsync(workspace, run, seconds, waiter, ct);
    }

    private static Task<PagedResult<FiringDto>> Firings(string workspace, HttpRequest request, ListFiringsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);
}
