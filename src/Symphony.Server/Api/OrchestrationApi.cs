using Symphony.Application.Common;
using Symphony.Application.Orchestration;

namespace Symphony.Server.Api;

/// <summary>
/// External engines, the workflows (orchestration instances) on them, their links to runs, and the endpoint
/// engines call back with a workflow's status.
/// </summary>
public static class OrchestrationApi
{
    public const string CallbackTokenHeader = "X-Symphony-Callback-Token";

    public static RouteGroupBuilder MapOrchestrationApi(this RouteGroupBuilder api)
    {
        var engines = api.MapGroup("/workspaces/{workspace}/engines").WithTags("Engines").RequireAuthorization();
        engines.MapGet("/", ListEngines);
        engines.MapPost("/", CreateEngine);
        engines.MapGet("/{id:guid}", GetEngine);
        engines.MapPatch("/{id:guid}", UpdateEngine);
        engines.MapDelete("/{id:guid}", DeleteEngine);

        var instances = api.MapGroup("/workspaces/{workspace}/orchestration-instances").WithTags("Orchestration").RequireAuthorization();
        instances.MapGet("/", ListInstances);
        instances.MapPost("/", RegisterInstance);
        instances.MapGet("/{id:guid}", GetInstance);

        var links = api.MapGroup("/workspaces/{workspace}/runs/{runId:guid}/orchestrations").WithTags("Orchestration").RequireAuthorization();
        links.MapGet("/", ListRunOrchestrations);
        links.MapPost("/", Attach);

        // Called by engines, not users: the token given when the workflow was started is the credential.
        api.MapPost("/orchestration-callbacks/{id:guid}", Callback).WithTags("Orchestration").AllowAnonymous();
        return api;
    }

    private static Task<PagedResult<EngineDto>> ListEngines(string workspace, HttpRequest request, ListEnginesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<IResult> CreateEngine(string workspace, CreateEngineCommand command, CreateEngineHandler handler, CancellationToken ct)
    {
        var engine = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/engines/{engine.Id}", engine);
    }

    private static async Task<IResult> GetEngine(string workspace, Guid id, HttpContext http, GetEngineHandler handler, CancellationToken ct)
    {
        var engine = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(http, engine, engine.Version);
    }

    private static async Task<IResult> UpdateEngine(string workspace, Guid id, UpdateEngineCommand command, HttpContext http, UpdateEngineHandler handler, CancellationToken ct)
    {
        var engine = await handler.HandleAsync(workspace, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(http, engine, engine.Version);
    }

    private static async Task<IResult> DeleteEngine(string workspace, Guid id, DeleteEngineHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, ct);
        return TypedResults.NoContent();
    }

    private static Task<PagedResult<OrchestrationInstanceDto>> ListInstances(
        string workspace, HttpRequest request, ListOrchestrationInstancesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<IResult> RegisterInstance(
        string workspace, RegisterOrchestrationInstanceCommand command, RegisterOrchestrationInstanceHandler handler, CancellationToken ct)
    {
        var instance = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/orchestration-instances/{instance.Id}", instance);
    }

    private static async Task<IResult> GetInstance(string workspace, Guid id, HttpContext http, GetOrchestrationInstanceHandler handler, CancellationToken ct)
    {
        var instance = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(http, instance, instance.Version);
    }

    private static Task<IReadOnlyList<RunOrchestrationDto>> ListRunOrchestrations(
        string workspace, Guid runId, ListRunOrchestrationsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, runId, ct);

    private static async Task<IResult> Attach(
        string workspace, Guid runId, AttachOrchestrationCommand command, AttachOrchestrationHandler handler, CancellationToken ct)
    {
        var link = await handler.HandleAsync(workspace, runId, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/runs/{runId}/orchestrations", link);
    }

    private static async Task<IResult> Callback(
        Guid id, ReportOrchestrationStatusCommand command, HttpRequest request, ReportOrchestrationStatusHandler handler, CancellationToken ct)
    {
        var token = request.Headers[CallbackTokenHeader].ToString();
        await handler.HandleAsync(id, token.Length == 0 ? null : token, command, ct);
        return TypedResults.NoContent();
    }
}
