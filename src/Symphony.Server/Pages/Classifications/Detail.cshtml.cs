using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Classifications;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Automations;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Server.Pages.Classifications;

/// <summary>A classification: its rules by version, the rule editor with its preview, and the accounts it holds.</summary>
public sealed class DetailModel(
    GetWorkspaceHandler getWorkspace, GetClassificationHandler get, ListRulesHandler rules, AddRuleHandler addRule, PreviewRuleHandler preview,
    ListClassifiedAccountsHandler members, UpdateClassificationHandler update, DeleteClassificationHandler delete,
    Application.Fleet.StartFleetSyncHandler sync) : WorkspacePage(getWorkspace)
{
    public const string Example = """{"version": 1, "expr": {"is_locked": {}}}""";

    public ClassificationDto Classification { get; private set; } = null!;
    public IReadOnlyList<RuleDto> Rules { get; private set; } = [];
    public PagedResult<ClassifiedAccountDto> Members { get; private set; } = null!;
    public string DbType { get; private set; } = DbTypes.PostgreSql;
    public string RuleText { get; private set; } = Example;
    public IReadOnlyList<FieldError> RuleErrors { get; private set; } = [];
    public RulePreview? Preview { get; private set; }

    public Task<IActionResult> OnGetAsync(string workspace, Guid id, CancellationToken ct) => RunAsync(workspace, null, () => LoadAsync(workspace, id, ct), ct);

    /// <summary>Evaluates the editor's rule over the ledger; nothing is saved.</summary>
    public Task<IActionResult> OnPostPreviewAsync(string workspace, Guid id, string dbType, string rule, CancellationToken ct) =>
        RunAsync(workspace, () => WithRuleAsync(dbType, rule, async command =>
            {
                Preview = await preview.HandleAsync(workspace, id, command, ct);
                Stays = true;
            }),
            () => LoadAsync(workspace, id, ct), ct);

    public Task<IActionResult> OnPostSaveAsync(string workspace, Guid id, string dbType, string rule, CancellationToken ct) =>
        RunAsync(workspace, () => WithRuleAsync(dbType, rule, async command =>
        {
            var saved = await addRule.HandleAsync(workspace, id, command, ct);
            Message = this.Say("Saved as {0} version {1}; the next accounts sync or auto-classify applies it, or Apply now.", saved.DbType, saved.Version);
        }), () => LoadAsync(workspace, id, ct), ct);

    /// <summary>Saves the name, description, risk level, priority and colour; a refusal keeps what was typed.</summary>
    public async Task<IActionResult> OnPostEditAsync(
        string workspace, Guid id, string? name, string? description, int riskLevel, int priority, string? colour, int version, CancellationToken ct)
    {
        var page = await RunAsync(workspace, async () =>
        {
            var saved = await update.HandleAsync(workspace, id, new UpdateClassificationCommand(
                name ?? "", description?.Trim() ?? "", riskLevel, priority, string.IsNullOrWhiteSpace(colour) ? null : colour.Trim(), version), ct);
            Message = this.Say("'{0}' saved.", saved.Name);
        }, () => LoadAsync(workspace, id, ct), ct);
        if (IsError) Typed = (name, description, riskLevel, priority, colour);
        return page;
    }

    /// <summary>Classifies the accounts of every instance of the workspace by the current rules now, as a run it opens.</summary>
    public async Task<IActionResult> OnPostApplyAsync(string workspace, Guid id, CancellationToken ct)
    {
        Guid? runId = null;
        var page = await RunAsync(workspace, async () => runId = (await sync.HandleAsync(workspace, BuiltIns.AutoClassify, new Application.Fleet.FleetSyncCommand(), null, ct)).Id,
            () => runId is null ? LoadAsync(workspace, id, ct) : Task.CompletedTask, ct);
        return runId is { } run ? Redirect($"/workspaces/{Workspace.Slug}/runs/{run}") : page;
    }

    /// <summary>Deletes the classification (asked first); one that holds accounts is refused unless <paramref name="force"/>.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(string workspace, Guid id, bool force, CancellationToken ct)
    {
        var deleted = false;
        var page = await RunAsync(workspace, async () =>
        {
            var name = (await get.HandleAsync(workspace, id, ct)).Name;
            await delete.HandleAsync(workspace, id, force, ct);
            deleted = true;
            TempData[NoticeKey] = this.Say("Classification '{0}' deleted.", name);
        }, () => deleted ? Task.CompletedTask : LoadAsync(workspace, id, ct), ct);
        return deleted ? Redirect($"/workspaces/{Workspace.Slug}/classifications") : page;
    }

    /// <summary>The edit form as sent, when it was refused.</summary>
    public (string? Name, string? Description, int RiskLevel, int Priority, string? Colour)? Typed { get; private set; }

    /// <summary>The editor's text as a rule; a mistake in it is listed by path beside the editor, and the text kept.</summary>
    private async Task WithRuleAsync(string dbType, string rule, Func<RuleCommand, Task> action)
    {
        (DbType, RuleText) = (dbType, rule);
        JsonElement parsed;
        try
        {
            using var document = JsonDocument.Parse(rule);
            parsed = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            RuleErrors = [new FieldError("rule", "The rule is not valid JSON.", MessageCodes.InvalidDslExpression.Code)];
            Stays = true;
            return;
        }
        try
        {
            await action(new RuleCommand(dbType, parsed));
        }
        catch (DomainException e) when (e.Code == MessageCodes.InvalidDslExpression || e.Code == MessageCodes.ValidationError)
        {
            RuleErrors = e.Errors;
            Stays = true;
        }
    }

    private async Task LoadAsync(string workspace, Guid id, CancellationToken ct)
    {
        Classification = await get.HandleAsync(workspace, id, ct);
        Rules = (await rules.HandleAsync(workspace, id, ListRequest.Of(("limit", "50")), ct)).Items;
        Members = await members.HandleAsync(workspace, id, ListRequest.Of(("limit", "50")), ct);
        if (RuleErrors.Count == 0 && Preview is null && Rules.FirstOrDefault(r => r.Current && r.DbType == DbType) is { } current)
            RuleText = JsonSerializer.Serialize(current.Rule, Indented);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
