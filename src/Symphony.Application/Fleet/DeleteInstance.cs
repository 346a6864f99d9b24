using Symphony.Application.Common;
using Symphony.Domain.Identity;

namespace Symphony.Application.Fleet;

/// <summary>Soft-deletes an instance: it leaves lists and runs, and can be restored with its history.</summary>
public sealed class DeleteInstanceHandler(IApplicationDbContext db, InstanceLookup lookup)
{
    public async Task HandleAsync(string workspace, Guid id, CancellationToken ct)
    {
        db.Instances.Remove(await lookup.InstanceAsync(workspace, id, Permission.WriteWorkspace, ct));
        await db.SaveChangesAsync(ct);
    }
}
