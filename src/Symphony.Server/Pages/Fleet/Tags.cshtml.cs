using Microsoft.AspNetCore.Mvc;
using Symphony.Application.Fleet.Tags;
using Symphony.Application.Workspaces;

namespace Symphony.Server.Pages.Fleet;

public sealed class TagsModel(
    GetWorkspaceHandler getWorkspace, ListTagsHandler list, CreateTagHandler create, UpdateTagHandler update, DeleteTagHandler delete)
    : WorkspacePage(getWorkspace)
{
    public IReadOnlyList<TagDto> Tags { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(string workspace, CancellationToken ct) => RunAsync(workspace, null, () => LoadAsync(workspace, ct), ct);

    public Task<IActionResult> OnPostCreateAsync(string workspace, CreateTagCommand command, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var tag = await create.HandleAsync(workspace, command, ct);
            Message = $"Tag '{tag.Code}' created.";
        }, () => LoadAsync(workspace, ct), ct);

    /// <summary>The row's form sends every field; an empty category or colour clears it.</summary>
    public Task<IActionResult> OnPostUpdateAsync(string workspace, Guid id, string? displayName, string? category, string? colour, int version, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            var tag = await update.HandleAsync(workspace, id, new UpdateTagCommand(displayName ?? "", category ?? "", colour ?? "", version), ct);
            Message = $"Tag '{tag.Code}' saved.";
        }, () => LoadAsync(workspace, ct), ct);

    public Task<IActionResult> OnPostDeleteAsync(string workspace, Guid id, string code, bool force, CancellationToken ct) =>
        RunAsync(workspace, async () =>
        {
            await delete.HandleAsync(workspace, id, force, ct);
            Message = $"Tag '{code}' deleted.";
        }, () => LoadAsync(workspace, ct), ct);

    private async Task LoadAsync(string workspace, CancellationToken ct) => Tags = await list.AllAsync(workspace, ct);
}
