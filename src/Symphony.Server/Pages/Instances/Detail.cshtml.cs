using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Fleet;
using Symphony.Application.Workspaces;

namespace Symphony.Server.Pages.Instances;

public sealed class DetailModel(
    GetWorkspaceHandler getWorkspace, GetInstanceHandler get, TestConnectionsHandler test, DeleteInstanceHandler delete) : WorkspacePage(getWorkspace)
{
    public InstanceDto Instance { get; private set; } = null!;
    public ConnectionTestResult? TestResult { get; private set; }

    public Task<IActionResult> OnGetAsync(string workspace, Guid id, CancellationToken ct) =>
        RunAsync(workspace, null, () => LoadAsync(workspace, id, ct), ct);

    public Task<IActionResult> OnPostTestAsync(string workspace, Guid id, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            TestResult = (await test.HandleAsync(workspace, new TestConnectionsCommand(InstanceIds: [id]), ct)).Results.Single();
            Message = TestResult.Ok ? $"Connected in {TestResult.DurationMs} ms: {TestResult.ServerVersion}" : null;
        }, () => LoadAsync(workspace, id, ct), ct);

    public async Task<IActionResult> OnPostDeleteAsync(string workspace, Guid id, CancellationToken ct)
    {
        var deleted = false;
        var page = await RunAsync(workspace, async () =>
        {
            await delete.HandleAsync(workspace, id, ct);
            deleted = true;
        }, () => deleted ? Task.CompletedTask : LoadAsync(workspace, id, ct), ct);
        return deleted ? Redirect($"/workspaces/{Workspace.Slug}/instances") : page;
    }

    private async Task LoadAsync(string workspace, Guid id, CancellationToken ct) => Instance = await get.HandleAsync(workspace, id, ct);
}
