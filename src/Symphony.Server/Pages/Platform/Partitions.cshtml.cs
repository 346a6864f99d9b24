using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Symphony.Application.Retention;
using Symphony.Application.Scheduler;
using Symphony.Domain.Common;

namespace Symphony.Server.Pages.Platform;

/// <summary>
/// The store's monthly partitions (admins): each partitioned table with its partitions' bounds and row estimates, the
/// rows its default partition holds, the coming months it has no partition for, and its warnings; and a button that
/// runs the partition maintenance now (the built-in job of the workspace the admin is in, so it is a run like any).
/// </summary>
public sealed class PartitionsModel(GetPartitionsHandler partitions, RunJobNowHandler runJob, ConsoleContext console, ConsoleMessages messages) : PageModel
{
    /// <summary>The scheduler's built-in job that keeps the partitions (config/scheduler.yaml).</summary>
    public const string MaintenanceJob = "partition-maintenance";

    public IReadOnlyList<PartitionedTableDto> Tables { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!console.IsAdmin) return Forbid();
        Tables = await partitions.HandleAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostMaintainAsync(CancellationToken ct)
    {
        if (!console.IsAdmin) return Forbid();
        var workspace = Request.Cookies[ConsoleContext.WorkspaceCookie] is { Length: > 0 } current ? current : "default";
        try
        {
            var run = await runJob.HandleAsync(workspace, MaintenanceJob, null, ct);
            return Redirect($"/workspaces/{workspace}/runs/{run.Id}");
        }
        catch (DomainException e)
        {
            Error = messages.Describe(e);
            Response.StatusCode = e.Code.Status;
            Tables = await partitions.HandleAsync(ct);
            return Page();
        }
    }
}
