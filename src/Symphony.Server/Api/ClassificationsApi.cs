using Symphony.Application.Classifications;
using Symphony.Application.Common;

namespace Symphony.Server.Api;

/// <summary>Classifications of accounts, their versioned rules and the rule preview; an account's classifications.</summary>
public static class ClassificationsApi
{
    public static RouteGroupBuilder MapClassificationsApi(this RouteGroupBuilder api)
    {
        var classifications = api.MapGroup("/workspaces/{workspace}/classifications").WithTags("Classifications").RequireAuthorization();
        classifications.MapGet("/", List);
        classifications.MapPost("/", Create);
        classifications.MapGet("/{id:guid}", Get);
        classifications.MapGet("/statistics", (string workspace, GetClassificationStatisticsHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, ct));
        classifications.MapPatch("/{id:guid}", Update);
        classifications.MapDelete("/{id:guid}", Delete);
        classifications.MapGet("/{id:guid}/rules", (string workspace, Guid id, HttpRequest request, ListRulesHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, id, ApiConventions.ListRequestOf(request), ct));
        classifications.MapPost("/{id:guid}/rules", AddRule);
        classifications.MapGet("/{id:guid}/accounts", (string workspace, Guid id, HttpRequest request, ListClassifiedAccountsHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, id, ApiConventions.ListRequestOf(request), ct));
        classifications.MapPost("/{id:guid}/rules/actions/preview", (string workspace, Guid id, RuleCommand command, PreviewRuleHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, id, command, ct));
        api.MapGet("/workspaces/{workspace}/accounts/{id:guid}/classifications",
                (string workspace, Guid id, GetAccountClassificationsHandler handler, CancellationToken ct) => handler.HandleAsync(workspace, id, ct))
            .WithTags("Accounts").RequireAuthorization();
        return api;
    }

    private static Task<PagedResult<ClassificationDto>> List(string workspace, HttpRequest request, ListClassificationsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<IResult> Create(string workspace, CreateClassificationCommand command, CreateClassificationHandler handler, CancellationToken ct)
    {
        var classification = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/classifications/{classification.Id}", classification);
    }

    private static async Task<IResult> Get(string workspace, Guid id, HttpContext http, GetClassificationHandler handler, CancellationToken ct)
    {
        var classification = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(http, classification, classification.Version);
    }

    private static async Task<IResult> Update(
        string workspace, Guid id, UpdateClassificationCommand command, HttpContext http, UpdateClassificationHandler handler, CancellationToken ct)
    {
        var classification = await handler.HandleAsync(workspace, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(http, classification, classification.Version);
    }

    private static async Task<IResult> Delete(string workspace, Guid id, DeleteClassificationHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>201 with the new version; 422 INVALID_DSL_EXPRESSION naming each mistake of the rule.</summary>
    private static async Task<IResult> AddRule(string workspace, Guid id, RuleCommand command, AddRuleHandler handler, CancellationToken ct)
    {
        var rule = await handler.HandleAsync(workspace, id, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/classifications/{id}/rules", rule);
    }
}
