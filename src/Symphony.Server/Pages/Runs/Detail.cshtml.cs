using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Automations;
using Symphony.Application.Common;
using Symphony.Application.Orchestration;
using Symphony.Application.Runs;
using Symphony.Application.Workspaces;
using Symphony.Domain.Runs;

namespace Symphony.Server.Pages.Runs;

/// <summary>One run: counters, its batches, its items with attempts and errors (of one batch when chosen), one item's history, linked workflows, cancel and retry.</summary>
public sealed class DetailModel(
    GetWorkspaceHandler getWorkspace, GetRunHandler get, GetAutomationHandler automation, ListBatchExecutionsHandler batches, ListItemExecutionsHandler items,
    GetItemHistoryHandler history, ListRunOrchestrationsHandler orchestrations, CancelRunHandler cancel, RetryFailedItemsHandler retry)
    : WorkspacePage(getWorkspace)
{
    public RunDto Run { get; private set; } = null!;
    public AutomationDto Automation { get; private set; } = null!;
    public PagedResult<BatchExecutionDto> Batches { get; private set; } = null!;
    public PagedResult<ItemExecutionDto> Items { get; private set; } = null!;
    public ItemHistoryDto? History { get; private set; }
    public IReadOnlyList<RunOrchestrationDto> Orchestrations { get; private set; } = [];
    public ExecutionStatus? ItemStatus { get; private set; }
    /// <summary>The batch whose items are listed, when one was chosen.</summary>
    public Guid? Batch { get; private set; }

    public bool IsFinished => Run.Status is ExecutionStatus.Completed or ExecutionStatus.Failed or ExecutionStatus.Cancelled;

    public Task<IActionResult> OnGetAsync(string workspace, Guid runId, Guid? item, ExecutionStatus? status, Guid? batch, int? page, CancellationToken ct) =>
        RunAsync(workspace, null, () => LoadAsync(workspace, runId, item, status, batch, page, ct), ct);

    public Task<IActionResult> OnPostCancelAsync(string workspace, Guid runId, string? reason, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            await cancel.HandleAsync(workspace, runId, new CancelRunCommand(string.IsNullOrWhiteSpace(reason) ? "cancelled in the console" : reason), ct);
            Message = "Run cancelled: queued items are cancelled, running ones are told to stop.";
        }, () => LoadAsync(workspace, runId, null, null, null, null, ct), ct);

    public Task<IActionResult> OnPostRetryAsync(string workspace, Guid runId, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            await retry.HandleAsync(workspace, runId, ct);
            Message = "Failed items are queued again with fresh attempts.";
        }, () => LoadAsync(workspace, runId, null, null, null, null, ct), ct);

    private async Task LoadAsync(string workspace, Guid runId, Guid? item, ExecutionStatus? status, Guid? batch, int? page, CancellationToken ct)
    {
        Run = await get.HandleAsync(workspace, runId, ct);
        Automation = await automation.HandleAsync(workspace, Run.AutomationId, ct);
        ItemStatus = status;
        Batch = batch;
        Batches = await batches.HandleAsync(workspace, runId, ListRequest.Of(("limit", "100")), ct);
        var request = new List<(string, string)> { ("limit", "50"), ("page", Math.Max(page ?? 1, 1).ToString(CultureInfo.InvariantCulture)) };
        if (status is { } s) request.Add(("status", s.ToString().ToLowerInvariant()));
        if (batch is { } b) request.Add(("batch_execution_id", b.ToString()));
        Items = await items.HandleAsync(workspace, runId, ListRequest.Of([.. request]), ct);
        History = item is { } id ? await history.HandleAsync(workspace, runId, id, ct) : null;
        Orchestrations = await orchestrations.HandleAsync(workspace, runId, ct);
    }
}
