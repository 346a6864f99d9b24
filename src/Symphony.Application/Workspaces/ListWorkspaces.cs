using Symphony.Application.Common;
using Symphony.Domain.Access;
using Symphony.Domain.Workspaces;

namespace Symphony.Application.Workspaces;

/// <summary>The workspaces the caller may see: all for an admin, their memberships for anyone else.</summary>
public sealed class ListWorkspacesHandler(IApplicationDbContext db, ICurrentUser caller)
{
    public static ListDefinition<Workspace> Definition { get; } = new ListDefinition<Workspace>()
        .Filter("search", v =>
        {
            var term = FilterValues.Text(v).ToLowerInvariant();
            return new(w => w.Slug.Contains(term) || w.Name.ToLower().Contains(term));
        })
        .Filter("type", v =>
        {
            var type = FilterValues.Enum<WorkspaceType>(v);
            return new(w => w.Type == type);
        })
        .Sort("slug", w => w.Slug, isDefault: true)
        .Sort("name", w => w.Name)
        .Sort("created_at", w => w.CreatedAt);

    public Task<PagedResult<WorkspaceDto>> HandleAsync(ListRequest request, CancellationToken ct)
    {
        var userId = caller.RequireUserId();
        var scope = caller.Role == UserRole.Admin
            ? Specification.All<Workspace>()
            : new Specification<Workspace>(w => db.WorkspaceMembers.Any(m => m.WorkspaceId == w.Id && m.UserId == userId));
        if (caller.Token?.Workspaces is { } named)
        {
            List<Guid> reachable = [.. named];
            scope = scope.And(new Specification<Workspace>(w => reachable.Contains(w.Id)));
        }
        return Definition.ToPageAsync(db.Workspaces, request, WorkspaceDto.Projection, ct, scope);
    }
}
