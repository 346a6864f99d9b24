using Microsoft.AspNetCore.Http.HttpResults;
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
        engines.MapGet("/", ListEngines)
            .Describe("listEngines", "List engines",
                "The external engines the workspace's runs can be linked to.");
        engines.MapPost("/", CreateEngine)
            .Describe("createEngine", "Register an engine",
                "An external engine by type and base URL; calls to it go through the egress policy.");
        engines.MapGet("/{id:guid}", GetEngine)
            .Describe("getEngine", "Get an engine",
                "The engine with its version as ETag.");
        engines.MapPatch("/{id:guid}", UpdateEngine)
            .Describe("updateEngine", "Update an engine",
                "Send the version read (body or If-Match).");
        engines.MapDelete("/{id:guid}", DeleteEngine)
            .Describe("deleteEngine", "Delete an engine",
                "Soft-deletes the engine; its workflows and their links to runs stay as history.");

        var instances = api.MapGroup("/workspaces/{workspace}/orchestration-instances").WithTags("Orchestration").RequireAuthorization();
        instances.MapGet("/", ListInstances)
            .Describe("listOrchestrationInstances", "List workflows",
                "Workflows on external engines and their last reported status.");
        instances.MapPost("/", RegisterInstance)
            .Describe("registerOrchestrationInstance", "Register a workflow",
                "Records a workflow started outside Symphony, so runs can be linked to it.");
        instances.MapGet("/{id:guid}", GetInstance)
            .Describe("getOrchestrationInstance", "Get a workflow",
                "The workflow with its version as ETag.");

        var links = api.MapGroup("/workspaces/{workspace}/runs/{runId:guid}/orchestrations").WithTags("Orchestration").RequireAuthorization();
        links.MapGet("/", ListRunOrchestrations)
            .Describe("listRunOrchestrations", "List a run's workflows",
                "The workflows linked to the run.");
        links.MapPost("/", Attach)
            .Describe("attachOrchestration", "Link a workflow to a run",
                "Links a registered workflow to the run.");

        // Called by engines, not users: the token given when the workflow was started is the credential.
        api.MapPost("/orchestration-callbacks/{id:guid}", Callback).WithTags("Orchestration").AllowAnonymous()
            .Describe("reportOrchestrationStatus", "Report a workflow's status",
                "Called by external engines, not users: the X-Symphony-Callback-Token given when Symphony started the workflow is the credential.");
        return api;
    }

    private static Task<PagedResult<EngineDto>> ListEngines(string workspace, HttpRequest request, ListEnginesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<Created<EngineDto>> CreateEngine(string workspace, CreateEngineCommand command, CreateEngineHandler handler, CancellationToken ct)
    {
        var engine = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/engines/{engine.Id}", engine);
    }

    private static async Task<VersionedOk<EngineDto>> GetEngine(string workspace, Guid id, GetEngineHandler handler, CancellationToken ct)
    {
        var engine = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(engine, engine.Version);
    }

    private static async Task<VersionedOk<EngineDto>> UpdateEngine(string workspace, Guid id, UpdateEngineCommand command, HttpContext http, UpdateEngineHandler handler, CancellationToken ct)
    {
        var engine = await handler.HandleAsync(workspace, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(engine, engine.Version);
    }

    private static async Task<NoContent> DeleteEngine(string workspace, Guid id, DeleteEngineHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, ct);
        return TypedResults.NoContent();
    }

    private static Task<PagedResult<OrchestrationInstanceDto>> ListInstances(
        string workspace, HttpRequest request, ListOrchestrationInstancesHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<Created<OrchestrationInstanceDto>> RegisterInstance(
        string workspace, RegisterOrchestrationInstanceCommand command, RegisterOrchestrationInstanceHandler handler, CancellationToken ct)
    {
        var instance = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/orchestration-instances/{instance.Id}", instance);
    }

    private static async Task<VersionedOk<OrchestrationInstanceDto>> GetInstance(string workspace, Guid id, GetOrchestrationInstanceHandler handler, CancellationToken ct)
    {
        var instance = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(instance, instance.Version);
    }

    private static Task<IReadOnlyList<RunOrchestrationDto>> ListRunOrchestrations(
        string workspace, Guid runId, ListRunOrchestrationsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, runId, ct);

    private static async Task<Created<RunOrchestrationDto>> Attach(
        string workspace, Guid runId, AttachOrchestrationCommand command, AttachOrchestrationHandler handler, CancellationToken ct)
    {
        var link = await handler.HandleAsync(workspace, runId, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/runs/{runId}/orchestrations", link);
    }

    private static async Task<NoContent> Callback(
        Guid id, ReportOrchestrationStatusCommand command, HttpRequest request, ReportOrchestrationStatusHandler handler, CancellationToken ct)
    {
        var token = request.Headers[CallbackTokenHeader].ToString();
        await handler.HandleAsync(id, token.Length == 0 ? null : token, command, ct);
        return TypedResults.NoContent();
    }
}
