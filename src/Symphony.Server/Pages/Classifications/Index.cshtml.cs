using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Classifications;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;

namespace Symphony.Server.Pages.Classifications;

public sealed class IndexModel(
    GetWorkspaceHandler getWorkspace, ListClassificationsHandler list, CreateClassificationHandler create, GetClassificationStatisticsHandler statistics)
    : WorkspacePage(getWorkspace)
{
    public PagedResult<ClassificationDto> Classifications { get; private set; } = null!;
    public ClassificationStatistics Statistics { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(string workspace, CancellationToken ct) => RunAsync(workspace, null, () => LoadAsync(workspace, ct), ct);

    public async Task<IActionResult> OnPostCreateAsync(string workspace, CreateClassificationCommand command, CancellationToken ct)
    {
        ClassificationDto? created = null;
        var page = await RunAsync(workspace, async () => created = await create.HandleAsync(workspace, command, ct), () => LoadAsync(workspace, ct), ct);
        return created is null ? page : Redirect($"/workspaces/{Workspace.Slug}/classifications/{created.Id}");
    }

    private async Task LoadAsync(string workspace, CancellationToken ct)
    {
        Classifications = await list.HandleAsync(workspace, ListRequest.Of(("limit", "200")), ct);
        Statistics = await statistics.HandleAsync(workspace, ct);
    }
}
