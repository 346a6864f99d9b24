using Microsoft.AspNetCore.Http.HttpResults;
using Symphony.Application.Classifications;
using Symphony.Application.Common;
using Symphony.Domain.Automations;

namespace Symphony.Server.Api;

/// <summary>
/// Classifications of accounts, their versioned rules and the rule preview; an account's classifications; the
/// auto-classify action on instances.
/// </summary>
public static class ClassificationsApi
{
    public static RouteGroupBuilder MapClassificationsApi(this RouteGroupBuilder api)
    {
        var instances = api.MapGroup("/workspaces/{workspace}/instances").WithTags("Instances").RequireAuthorization();
        instances.MapFleetSync("auto-classify", BuiltIns.AutoClassify, "autoClassify", "autoClassifyInstance", "Classify accounts",
            "Classify one instance's accounts", "classifies its accounts by the workspace's rules");

        var classifications = api.MapGroup("/workspaces/{workspace}/classifications").WithTags("Classifications").RequireAuthorization();
        classifications.MapGet("/", List)
            .Describe("listClassifications", "List classifications",
                "The workspace's classifications of accounts, by priority.");
        classifications.MapPost("/", Create)
            .Describe("createClassification", "Create a classification",
                "A named class of accounts with a risk level; its rules are added as versions.");
        classifications.MapGet("/{id:guid}", Get)
            .Describe("getClassification", "Get a classification",
                "The classification with its version as ETag.");
        classifications.MapGet("/statistics", (string workspace, GetClassificationStatisticsHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, ct))
            .Describe("getClassificationStatistics", "Get classification statistics",
                "Account counts per classification, risk level, instance and database type.");
        classifications.MapPatch("/{id:guid}", Update)
            .Describe("updateClassification", "Update a classification",
                "Send the version read (body or If-Match).");
        classifications.MapDelete("/{id:guid}", Delete)
            .Describe("deleteClassification", "Delete a classification",
                "Soft-deletes the classification; its rule versions are kept. 409 CLASSIFICATION_IN_USE while accounts are in it, unless `force=true`.")
            .QueryText("force", "`true` deletes the classification although accounts are in it, taking them out of it (each account's history says so).",
                ["true", "false"], "false");
        classifications.MapGet("/{id:guid}/rules", (string workspace, Guid id, HttpRequest request, ListRulesHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, id, ApiConventions.ListRequestOf(request), ct))
            .Describe("listRules", "List a classification's rules",
                "Every version of the classification's rules, per database type.");
        classifications.MapPost("/{id:guid}/rules", AddRule)
            .Describe("addRule", "Add a rule version",
                "A new version of the rule for a database type, in the rule language; 422 INVALID_DSL_EXPRESSION names each mistake.");
        classifications.MapGet("/{id:guid}/accounts", (string workspace, Guid id, HttpRequest request, ListClassifiedAccountsHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, id, ApiConventions.ListRequestOf(request), ct))
            .Describe("listClassifiedAccounts", "List a classification's accounts",
                "The accounts the classification holds.");
        classifications.MapPost("/{id:guid}/rules/actions/preview", (string workspace, Guid id, RuleCommand command, PreviewRuleHandler handler, CancellationToken ct) =>
            handler.HandleAsync(workspace, id, command, ct))
            .AlsoAnswers(StatusCodes.Status429TooManyRequests)
            .Describe("previewRule", "Preview a rule",
                "Evaluates a rule against the ledger without saving it, and answers how many accounts it would match and the first 50 of them. "
                + "A caller has a few previews at once and a minute (429 RATE_LIMIT_EXCEEDED with Retry-After), and a preview stops past its time budget (422 RULE_BUDGET_EXCEEDED).");
        api.MapGet("/workspaces/{workspace}/accounts/{id:guid}/classifications",
                (string workspace, Guid id, GetAccountClassificationsHandler handler, CancellationToken ct) => handler.HandleAsync(workspace, id, ct))
            .WithTags("Accounts").RequireAuthorization()
            .Describe("getAccountClassifications", "Get an account's classifications",
                "The classifications the account matches, with the rule version that matched.");
        return api;
    }

    private static Task<PagedResult<ClassificationDto>> List(string workspace, HttpRequest request, ListClassificationsHandler handler, CancellationToken ct) =>
        handler.HandleAsync(workspace, ApiConventions.ListRequestOf(request), ct);

    private static async Task<Created<ClassificationDto>> Create(string workspace, CreateClassificationCommand command, CreateClassificationHandler handler, CancellationToken ct)
    {
        var classification = await handler.HandleAsync(workspace, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/classifications/{classification.Id}", classification);
    }

    private static async Task<VersionedOk<ClassificationDto>> Get(string workspace, Guid id, GetClassificationHandler handler, CancellationToken ct)
    {
        var classification = await handler.HandleAsync(workspace, id, ct);
        return ApiConventions.WithETag(classification, classification.Version);
    }

    private static async Task<VersionedOk<ClassificationDto>> Update(
        string workspace, Guid id, UpdateClassificationCommand command, HttpContext http, UpdateClassificationHandler handler, CancellationToken ct)
    {
        var classification = await handler.HandleAsync(workspace, id, command with { Version = ApiConventions.VersionOf(http.Request, command.Version) }, ct);
        return ApiConventions.WithETag(classification, classification.Version);
    }

    /// <summary>409 CLASSIFICATION_IN_USE while accounts are in it, unless <c>?force=true</c>.</summary>
    private static async Task<NoContent> Delete(string workspace, Guid id, string? force, DeleteClassificationHandler handler, CancellationToken ct)
    {
        await handler.HandleAsync(workspace, id, ApiConventions.ForceOf(force), ct);
        return TypedResults.NoContent();
    }

    /// <summary>201 with the new version; 422 INVALID_DSL_EXPRESSION naming each mistake of the rule.</summary>
    private static async Task<Created<RuleDto>> AddRule(string workspace, Guid id, RuleCommand command, AddRuleHandler handler, CancellationToken ct)
    {
        var rule = await handler.HandleAsync(workspace, id, command, ct);
        return TypedResults.Created($"/api/v1/workspaces/{workspace}/classifications/{id}/rules", rule);
    }
}
