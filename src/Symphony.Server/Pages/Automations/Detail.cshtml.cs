using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Runs;
using Symphony.Application.Workspaces;
using Symphony.Domain.Runs;

namespace Symphony.Server.Pages.Automations;

public sealed class DetailModel(
    GetWorkspaceHandler getWorkspace, GetAutomationHandler get, ListBatchesHandler batches, ListRunsHandler runs, StartRunHandler start,
    UpdateAutomationHandler update)
    : WorkspacePage(getWorkspace)
{
    /// <summary>The edit form: the stored automation, or what was typed when a change was refused.</summary>
    public AutomationForm Form { get; private set; } = null!;
    public bool EditRefused { get; private set; }

    public AutomationDto Automation { get; private set; } = null!;
    public PagedResult<BatchDto> Batches { get; private set; } = null!;
    public PagedResult<RunDto> Runs { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string workspace, Guid id, CancellationToken ct) => RunAsync(workspace, null, () => LoadAsync(workspace, id, ct), ct);

    public async Task<IActionResult> OnPostStartAsync(string workspace, Guid id, CancellationToken ct)
    {
        RunDto? run = null;
        var page = await RunAsync(workspace, async () => (run, _) = await start.HandleAsync(workspace, id, new StartRunCommand(RunTrigger.Manual), null, ct),
            () => LoadAsync(workspace, id, ct), ct);
        return run is null ? page : Redirect($"/workspaces/{Workspace.Slug}/runs/{run.Id}");
    }

    /// <summary>Saves the changes; a built-in automation's form holds its tuning only.</summary>
    public Task<IActionResult> OnPostUpdateAsync(string workspace, Guid id, AutomationForm form, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var current = await get.HandleAsync(workspace, id, ct);
            try
            {
                await update.HandleAsync(workspace, id, form.ToUpdate(Domain.Automations.BuiltIns.Named(current.Name) is not null), ct);
                Message = "Saved.";
            }
            catch (Domain.Common.DomainException)
            {
                (EditRefused, Form) = (true, form);
                throw;
            }
        }, () => LoadAsync(workspace, id, ct), ct);

    private async Task LoadAsync(string workspace, Guid id, CancellationToken ct)
    {
        Automation = await get.HandleAsync(workspace, id, ct);
        if (!EditRefused) Form = AutomationForm.From(Automation);
        Batches = await batches.HandleAsync(workspace, id, ListRequest.Of(("limit", "100")), ct);
        Runs = await runs.HandleAsync(workspace, ListRequest.Of(("automation_id", id.ToString()), ("limit", "20")), ct);
    }
}
