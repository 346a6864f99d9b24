using Microsoft.AspNetCore.Http.HttpResults;
using Symphony.Application.Common;
using Symphony.Application.Runs;
using Symphony.Domain.Runs;

namespace Symphony.Server.Api;

/// <summary>Runs: starting one (202 with Location), following it, cancelling it, retrying its failed items.</summary>
public static class RunsApi
{
    public static RouteGroupBuilder MapRunsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/workspaces/{workspace}/automations/{id:guid}/runs", Start).WithTags("Runs").RequireAuthorization()
            .Describe("startRun", "Start a run",
                "Starts a run of the automation's active items: 202 with the run and its Location, or with `wait` the finished run (200). The same Idempotency-Key answers the same run.")
            .Example("""{"correlation_id": "change-4711"}""");

        var runs = api.MapGroup("/workspaces/{workspace}/runs").WithTags("Runs").RequireAuthorization();
        runs.MapGet("/", List)
            .Describe("listRuns", "List runs",
                "The runs of the workspace's automations, newest first; filter by status, automation or time.");
        runs.MapGet("/{runId:guid}", Get)
            .Describe("getRun", "Get a run",
                "The run with its status and counts of items by state.");
        runs.MapGet("/{runId:guid}/batches", ListBatches)
            .Describe("listRunBatches", "List a run's batches",
                "One execution per batch with its status (derived from its items), start, finish, duration and items counted by state.");
        runs.MapGet("/{runId:guid}/items", ListItems)
            .Describe("listRunItems", "List a run's items",
                "One execution per item (per target) with its state, attempts and last error; filter by status or batch_execution_id.");
        runs.MapGet("/{runId:guid}/items/{itemExecutionId:guid}/history", History)
            .Describe("getItemHistory", "Get an item execution's history",
                "Every state an item execution went through, with times and errors.");
        runs.MapPost("/{runId:guid}/actions/cancel", Cancel)
            .Describe("cancelRun", "Cancel a run",
                "Items not yet started are cancelled; running ones are stopped within about a second. A finished run answers 409 INVALID_STATE_TRANSITION.");
        runs.MapPost("/{runId:guid}/actions/retry-failed", RetryFailed)
            .Describe("retryFailedItems", "Retry a run's failed items",
                "Queues the failed items again; 202 with the run.");
        return api;
    }

    /// <summary>
    /// 202 with the run and its Location; with <c>?wait=N</c> (at most 60) the answer waits up to N seconds and
    /// is 200 when the run has finished by then. The same <c>Idempotency-Key</c> returns the same run.
    /// </summary>
    private static async Task<Results<Ok<RunDto>, Accepted<RunDto>>> Start(
        string workspace, Guid id, StartRunCommand? command, int? wait, HttpContext http, StartRunHandler handler,
        WaitForRunHandler waiter, CancellationToken ct)
    {
        var seconds = WaitForRunHandler.Seconds(wait);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var (run, _) = await handler.HandleAsync(workspace, id, command ?? new StartRunCommand(), key.Length == 0 ? null : key, ct);
        return await AnswerAsync(workspace, run, seconds, waiter, ct);
    }

    private static Task<PagedResult<RunDto>> List(string workspace, HttpRequest request, ListRunsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static Task<RunDto> Get(string workspace, Guid runId, GetRunHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, runId, ct);

    private static Task<PagedResult<BatchExecutionDto>> ListBatches(string workspace, Guid runId, HttpRequest request, ListBatchExecutionsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, runId, ApiConventions.ListRequestOf(request), ct);

    private static Task<PagedResult<ItemExecutionDto>> ListItems(string workspace, Guid runId, HttpRequest request, ListItemExecutionsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, runId, ApiConventions.ListRequestOf(request), ct);

    private static Task<ItemHistoryDto> History(string workspace, Guid runId, Guid itemExecutionId, GetItemHistoryHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, runId, itemExecutionId, ct);

    private static Task<RunDto> Cancel(string workspace, Guid runId, CancelRunCommand? command, CancelRunHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, runId, command ?? new CancelRunCommand(), ct);

    private static async Task<Accepted<RunDto>> RetryFailed(string workspace, Guid runId, RetryFailedItemsHandler handler, CancellationToken ct)
    {
        var run = await handler.HandleAsync(workspace, runId, ct);
        return TypedResults.Accepted(Location(workspace, run.Id), run);
    }

    /// <summary>200 with the run when it finished within a wait asked for; 202 with its Location otherwise.</summary>
    internal static async Task<Results<Ok<RunDto>, Accepted<RunDto>>> AnswerAsync(string workspace, RunDto run, int seconds, WaitForRunHandler waiter, CancellationToken ct)
    {
        run = await waiter.HandleAsync(workspace, run, seconds, ct);
        return ExecutionTransitions.IsFinished(run.Status) && seconds > 0
            ? TypedResults.Ok(run)
            : TypedResults.Accepted(Location(workspace, run.Id), run);
    }

    private static string Location(string workspace, Guid runId) => $"/api/v1/workspaces/{workspace}/runs/{runId}";
}
