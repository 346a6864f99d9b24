using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Common;
using Symphony.Application.Scheduler;
using Symphony.Application.Workspaces;

namespace Symphony.Server.Pages.Scheduler;

public sealed class IndexModel(
    GetWorkspaceHandler getWorkspace, ListJobsHandler list, ListFiringsHandler firings, PauseJobHandler pause, ResumeJobHandler resume, RunJobNowHandler run)
    : WorkspacePage(getWorkspace)
{
    public IReadOnlyList<JobDto> Jobs { get; private set; } = [];
    public PagedResult<FiringDto> RecentFirings { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string workspace, CancellationToken ct) => RunAsync(workspace, null, () => LoadAsync(workspace, ct), ct);

    public Task<IActionResult> OnPostPauseAsync(string workspace, string jobId, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            await pause.HandleAsync(workspace, jobId, ct);
            Message = $"{jobId} paused.";
        }, () => LoadAsync(workspace, ct), ct);

    public Task<IActionResult> OnPostResumeAsync(string workspace, string jobId, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            await resume.HandleAsync(workspace, jobId, ct);
            Message = $"{jobId} resumed.";
        }, () => LoadAsync(workspace, ct), ct);

    /// <summary>Runs the job now and shows its run.</summary>
    public async Task<IActionResult> OnPostRunAsync(string workspace, string jobId, CancellationToken ct)
    {
        Guid? runId = null;
        var page = await RunAsync(workspace, async () => runId = (await run.HandleAsync(workspace, jobId, null, ct)).Id, () => LoadAsync(workspace, ct), ct);
        return runId is null ? page : Redirect($"/workspaces/{Workspace.Slug}/runs/{runId}");
    }

    private async Task LoadAsync(string workspace, CancellationToken ct)
    {
        Jobs = await list.HandleAsync(workspace, ct);
        RecentFirings = await firings.HandleAsync(workspace, ListRequest.Of(("limit", "20")), ct);
    }
}
