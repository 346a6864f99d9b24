using Symphony.Domain.Access;

namespace Symphony.Application.Workspaces;

public sealed class GetWorkspaceHandler(WorkspaceAccess access)
{
    public async Task<WorkspaceDto> HandleAsync(string workspace, CancellationToken ct) =>
        WorkspaceDto.From(await access.RequireAsync(workspace, Permission.ReadWorkspace, ct));
}
