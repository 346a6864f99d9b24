using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Classifications;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;

namespace Symphony.Server.Pages.Classifications;

/// <summary>A classification: its rules by version, the rule editor with its preview, and the accounts it holds.</summary>
public sealed class DetailModel(
    GetWorkspaceHandler getWorkspace, GetClassificationHandler get, ListRulesHandler rules, AddRuleHandler addRule, PreviewRuleHandler preview,
    ListClassifiedAccountsHandler members) : WorkspacePage(getWorkspace)
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
            Message = $"Saved as {saved.DbType} version {saved.Version}; the next accounts sync or auto-classify applies it.";
        }), () => LoadAsync(workspace, id, ct), ct);

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
