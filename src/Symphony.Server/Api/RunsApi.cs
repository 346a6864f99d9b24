using Symphony.Application.Common;
using Symphony.Application.Runs;
using Symphony.Domain.Automation;
using Symphony.Domain.Common;

namespace Symphony.Server.Api;

/// <summary>Runs: starting one (202 with Location), following it, cancelling it, retrying its failed items.</summary>
public static class RunsApi
{
    public const int MaxWaitSeconds = 60;

    public static RouteGroupBuilder MapRunsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/workspaces/{workspace}/automations/{id:guid}/runs", Start).WithTags("Runs").RequireAuthorization();

        var runs = api.MapGroup("/workspaces/{workspace}/runs").WithTags("Runs").RequireAuthorization();
        runs.MapGet("/", List);
        runs.MapGet("/{runId:guid}", Get);
        runs.MapGet("/{runId:guid}/items", ListItems);
        runs.MapGet("/{runId:guid}/items/{itemExecutionId:guid}/history", History);
        runs.MapPost("/{runId:guid}/actions/cancel", Cancel);
        runs.MapPost("/{runId:guid}/actions/retry-failed", RetryFailed);
        return api;
    }

    /// <summary>
    /// 202 with the run and its Location; with <c>?wait=N</c> (at most 60) the answer waits up to N seconds and
    /// is 200 when the run has finished by then. The same <c>Idempotency-Key</c> returns the same run.
    /// </summary>
    private static async Task<IResult> Start(
        string workspace, Guid id, StartRunCommand? command, int? wait, HttpContext http, StartRunHandler handler,
        IServiceScopeFactory scopes, CancellationToken ct)
    {
        var seconds = WaitSeconds(wait);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var (run, _) = await handler.HandleAsync(workspace, id, command ?? new StartRunCommand(), key.Length == 0 ? null : key, ct);
        return await AnswerAsync(workspace, run, seconds, scopes, ct);
    }

    private static Task<PagedResult<RunDto>> List(string workspace, HttpRequest request, ListRunsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static Task<RunDto> Get(string workspace, Guid runId, GetRunHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, runId, ct);

    private static Task<PagedResult<ItemExecutionDto>> ListItems(string workspace, Guid runId, HttpRequest request, ListItemExecutionsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, runId, ApiConventions.ListRequestOf(request), ct);

    private static Task<ItemHistoryDto> History(string workspace, Guid runId, Guid itemExecutionId, GetItemHistoryHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, runId, itemExecutionId, ct);

    private static Task<RunDto> Cancel(string workspace, Guid runId, CancelRunCommand? command, CancelRunHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, runId, command ?? new CancelRunCommand(), ct);

    private static async Task<IResult> RetryFailed(string workspace, Guid runId, RetryFailedItemsHandler handler, CancellationToken ct)
    {
        var run = await handler.HandleAsync(workspace, runId, ct);
        return TypedResults.Accepted(Location(workspace, run.Id), run);
    }

    internal static int WaitSeconds(int? wait) =>
        wait is null or >= 0 and <= MaxWaitSeconds ? wait ?? 0 : throw DomainException.Validation("wait", $"wait must be 0 to {MaxWaitSeconds} seconds.");

    /// <summary>Polls the run in fresh scopes (a tracked entity would never change) until it finishes or the wait ends.</summary>
    internal static async Task<IResult> AnswerAsync(string workspace, RunDto run, int seconds, IServiceScopeFactory scopes, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!Finished(run.Status) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
            using var scope = scopes.CreateScope();
            run = await scope.ServiceProvider.GetRequiredService<GetRunHandler>().HandleAsync(workspace, run.Id, ct);
        }
        return Finished(run.Status) && seconds > 0
            ? TypedResults.Ok(run)
            : TypedResults.Accepted(Location(workspace, run.Id), run);
    }

    private static bool Finished(ExecutionStatus status) => status is ExecutionStatus.Completed or ExecutionStatus.Failed or ExecutionStatus.Cancelled;

    private static string Location(string workspace, Guid runId) => $"/api/v1/workspaces/{workspace}/runs/{runId}";
}
