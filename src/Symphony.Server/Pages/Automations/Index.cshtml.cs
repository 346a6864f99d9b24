using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Runs;
using Symphony.Application.Workspaces;
using Symphony.Domain.Runs;

namespace Symphony.Server.Pages.Automations;

public sealed class IndexModel(GetWorkspaceHandler getWorkspace, ListAutomationsHandler list, StartRunHandler start) : WorkspacePage(getWorkspace)
{
    public PagedResult<AutomationDto> Automations { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string workspace, CancellationToken ct) => RunAsync(workspace, null, () => LoadAsync(workspace, ct), ct);

    /// <summary>Starts a run and opens it; on an error the list shows why.</summary>
    public async Task<IActionResult> OnPostStartAsync(string workspace, Guid automationId, CancellationToken ct)
    {
        RunDto? run = null;
        var page = await RunAsync(workspace, async () => (run, _) = await start.HandleAsync(workspace, automationId,
            new StartRunCommand(RunTrigger.Manual), null, ct), () => LoadAsync(workspace, ct), ct);
        return run is null ? page : Redirect($"/workspaces/{Workspace.Slug}/runs/{run.Id}");
    }

    private async Task LoadAsync(string workspace, CancellationToken ct) =>
        Automations = await list.HandleAsync(workspace, ListRequest.Of(("limit", "200")), ct);
}
