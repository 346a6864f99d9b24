using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Runs;
using Symphony.Application.Workspaces;
using Symphony.Domain.Runs;

namespace Symphony.Server.Pages.Automations;

public sealed class IndexModel(GetWorkspaceHandler getWorkspace, ListAutomationsHandler list, StartRunHandler start, CreateAutomationHandler create)
    : WorkspacePage(getWorkspace)
{
    public PagedResult<AutomationDto> Automations { get; private set; } = null!;
    /// <summary>What was typed, kept when the creation is refused.</summary>
    public AutomationForm Form { get; private set; } = new() { HandlerKind = "echo" };

    /// <summary>Creates the automation and opens it; a refusal shows the API's message with the form as typed.</summary>
    public async Task<IActionResult> OnPostCreateAsync(string workspace, AutomationForm form, CancellationToken ct)
    {
        Form = form;
        AutomationDto? created = null;
        var page = await RunAsync(workspace, async () => created = await create.HandleAsync(workspace, form.ToCreate(), ct), () => LoadAsync(workspace, ct), ct);
        return created is null ? page : Redirect($"/workspaces/{Workspace.Slug}/automations/{created.Id}");
    }

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
