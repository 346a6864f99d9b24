using Microsoft.EntityFrameworkCore;
using Symphony.Application.Common;
using Symphony.Application.Workspaces;
using Symphony.Domain.Capacity;
using Symphony.Domain.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Capacity;

/// <summary>Finds a database of the inventory (gone ones too) only through the workspace the caller may use: anything else is 404.</summary>
public sealed class DatabaseLookup(IApplicationDbContext db, WorkspaceAccess access)
{
    public async Task<InstanceDatabase> DatabaseAsync(string workspace, Guid id, Permission permission, CancellationToken ct)
    {
        var scope = await access.RequireAsync(workspace, permission, ct);
        return await db.InstanceDatabases.IgnoreQueryFilters().FirstOrDefaultAsync(d => d.Id == id && d.WorkspaceId == scope.Id, ct)
            ?? throw DomainException.NotFound($"Database {id}");
    }
}
