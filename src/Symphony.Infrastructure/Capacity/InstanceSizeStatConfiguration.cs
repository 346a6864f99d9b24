using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Capacity;
using Symphony.Domain.Fleet;

namespace Symphony.Infrastructure.Capacity;

internal sealed class InstanceSizeStatConfiguration : IEntityTypeConfiguration<InstanceSizeStat>
{
    public void Configure(EntityTypeBuilder<InstanceSizeStat> b)
    {
        b.ToTable("instance_size_stats");
        b.HasOne<Instance>().WithMany().HasForeignKey(x => x.InstanceId);
        b.HasIndex(x => new { x.InstanceId, x.Day }).IsUnique();
    }
}
