using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Access;
using Symphony.Domain.Capacity;

namespace Symphony.Application.Capacity;

/// <summary>The database inventory of a workspace; gone databases with <c>include_deleted=true</c>.</summary>
public sealed class ListDatabasesHandler(IApplicationDbContext db, WorkspaceAccess access)
{
    public static ListDefinition<InstanceDatabase> Definition { get; } = new ListDefinition<InstanceDatabase>()
        .Filter("search", v =>
        {
            var term = FilterValues.Text(v).ToLowerInvariant();
            return new(d => d.Name.ToLower().Contains(term));
        })
        .Filter("instance_id", v =>
        {
            var instance = FilterValues.Id(v);
            return new(d => d.InstanceId == instance);
        })
        .AllowIncludeDeleted()
        .Sort("name", d => d.Name, isDefault: true)
        .Sort("size_bytes", d => d.SizeBytes)
        .Sort("first_seen_at", d => d.FirstSeenAt)
        .Sort("last_seen_at", d => d.LastSeenAt);

    public async Task<PagedResult<DatabaseDto>> HandleAsync(string workspace, ListRequest request, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, Permission.ReadWorkspace, ct);
        var page = await Definition.ToPageAsync(db.InstanceDatabases, request, d => d, ct, new Specification<InstanceDatabase>(d => d.WorkspaceId == scope.Id));
        return new PagedResult<DatabaseDto>(page.Items.Select(DatabaseDto.From).ToList(), page.Total, page.Page, page.Pages, page.Limit);
    }
}
