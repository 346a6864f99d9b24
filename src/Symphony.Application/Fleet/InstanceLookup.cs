using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Common;
using Symphony.Domain.Fleet;
using Symphony.Domain.Identity;

namespace Symphony.Application.Fleet;

/// <summary>Finds an instance only through the workspace the caller may use: anything else is 404.</summary>
public sealed class InstanceLookup(IApplicationDbContext db, WorkspaceAccess access)
{
    public async Task<Instance> InstanceAsync(string workspace, Guid id, Permission permission, CancellationToken ct, bool includeDeleted = false)
    {
        var scope = await access.RequireAsync(workspace, permission, ct);
        var instances = includeDeleted ? db.Instances.IgnoreQueryFilters() : db.Instances;
        return await instances.FirstOrDefaultAsync(i => i.Id == id && i.WorkspaceId == scope.Id, ct)
            ?? throw DomainException.NotFound($"Instance {id}");
    }

    /// <summary>The active instances named, all of the workspace; 400 VALIDATION_ERROR naming the first id that is not.</summary>
    public async Task<List<Instance>> AllAsync(Guid workspaceId, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var instances = await db.Instances.Where(i => i.WorkspaceId == workspaceId && ids.Contains(i.Id)).ToListAsync(ct);
        if (ids.FirstOrDefault(id => instances.All(i => i.Id != id)) is var missing && missing != Guid.Empty)
            throw DomainException.Validation("instance_ids", $"No instance {missing} in this workspace.");
        return instances;
    }
}
