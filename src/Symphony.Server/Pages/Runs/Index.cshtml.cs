using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Runs;
using Symphony.Application.Workspaces;
using Symphony.Domain.Runs;

namespace Symphony.Server.Pages.Runs;

public sealed class IndexModel(GetWorkspaceHandler getWorkspace, ListRunsHandler list, ListAutomationsHandler automations) : WorkspacePage(getWorkspace)
{
    public PagedResult<RunDto> Runs { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, string> AutomationNames { get; private set; } = new Dictionary<Guid, string>();
    public ExecutionStatus? Status { get; private set; }
    public Guid? AutomationId { get; private set; }
    public RunTrigger? Trigger { get; private set; }
    /// <summary>Runs created at or after this time only (the dashboard's links).</summary>
    public DateTime? Since { get; private set; }

    public Task<IActionResult> OnGetAsync(
        string workspace, ExecutionStatus? status, Guid? automation, RunTrigger? trigger, DateTime? since, int? page, CancellationToken ct) =>
        RunAsync(workspace, null, async () =>
        {
            (Status, AutomationId, Trigger, Since) = (status, automation, trigger, since?.ToUniversalTime());
            var request = new List<(string, string)> { ("limit", "50"), ("page", Math.Max(page ?? 1, 1).ToString(CultureInfo.InvariantCulture)) };
            if (status is { } s) request.Add(("status", s.ToString().ToLowerInvariant()));
            if (automation is { } a) request.Add(("automation_id", a.ToString()));
            if (trigger is { } t) request.Add(("trigger", t.ToString().ToLowerInvariant()));
            if (Since is { } from) request.Add(("since", from.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
            Runs = await list.HandleAsync(workspace, ListRequest.Of([.. request]), ct);
            AutomationNames = (await automations.HandleAsync(workspace, ListRequest.Of(("limit", "200"), ("include_deleted", "true")), ct))
                .Items.ToDictionary(a => a.Id, a => a.Name);
        }, ct);

    /// <summary>The next page with the same filters.</summary>
    public string NextPage => QueryString.Create(new Dictionary<string, string?>
    {
        ["status"] = Status?.ToString(), ["automation"] = AutomationId?.ToString(), ["trigger"] = Trigger?.ToString(),
        ["since"] = Since?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["page"] = (Runs.Page + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => p.Value is not null)).ToString();
}
