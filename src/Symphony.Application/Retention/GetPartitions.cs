using Symphony.Application.Common;
using Symphony.Domain.Access;

namespace Symphony.Application.Retention;

/// <summary>The partitioned tables and their health, for admins.</summary>
public sealed class GetPartitionsHandler(ICurrentUser caller, IPartitionStore partitions, TimeProvider clock)
{
    public async Task<IReadOnlyList<PartitionedTableDto>> HandleAsync(CancellationToken ct)
    {
        caller.Demand(Permission.ReadPlatformHealth);
        return await partitions.ReadAsync(clock.GetUtcNow().UtcDateTime, ct);
    }
}
