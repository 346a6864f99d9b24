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
        scheduler.MapGet("/jobs", List);
        scheduler.MapPost("/jobs", Create);
        scheduler.MapPost("/jobs/actions/reload", Reload);
        scheduler.MapGet("/jobs/{jobId}", Get);
        scheduler.MapPatch("/jobs/{jobId}", Update);
        scheduler.MapDelete("/jobs/{jobId}", Delete);
        scheduler.MapPost("/jobs/{jobId}/actions/pause", Pause);
        scheduler.MapPost("/jobs/{jobId}/actions/resume", Resume);
        scheduler.MapPost("/jobs/{jobId}/actions/run", Run);
        scheduler.MapGet("/firings", Firings);
        return api;
    }

    private static Task<IReadOnlyList<JobDto>> List(string workspace, ListJobsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ct);

    private static async Task<IResult> Create(string workspace, CreateJobCommand command, CreateJobHandler handler, CancellationToken ct)
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

    private static async Task<IResult> Delete(string workspace, string jobId, DeleteJobHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, jobId, ct);
        return TypedResults.NoContent();
    }

    private static Task<JobDto> Pause(string workspace, string jobId, PauseJobHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, jobId, ct);

    private static Task<JobDto> Resume(string workspace, string jobId, ResumeJobHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, jobId, ct);

    /// <summary>Fires the job now: 202 with the run it started and its Location, as when a run is started (<c>?wait=N</c>, <c>Idempotency-Key</c>).</summary>
    private static async Task<IResult> Run(
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
