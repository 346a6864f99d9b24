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

    public Task<IActionResult> OnGetAsync(string workspace, ExecutionStatus? status, int? page, CancellationToken ct) =>
        RunAsync(workspace, null, async () =>
        {
            Status = status;
            var request = new List<(string, string)> { ("limit", "50"), ("page", Math.Max(page ?? 1, 1).ToString()) };
            if (status is { } s) request.Add(("status", s.ToString().ToLowerInvariant()));
            Runs = await list.HandleAsync(workspace, ListRequest.Of([.. request]), ct);
            AutomationNames = (await automations.HandleAsync(workspace, ListRequest.Of(("limit", "200"), ("include_deleted", "true")), ct))
                .Items.ToDictionary(a => a.Id, a => a.Name);
        }, ct);
}
