using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Capacity;
using Symphony.Domain.Fleet;

namespace Symphony.Infrastructure.Capacity;

internal sealed class InstanceDatabaseConfiguration : IEntityTypeConfiguration<InstanceDatabase>
{
    public void Configure(EntityTypeBuilder<InstanceDatabase> b)
    {
        b.ToTable("instance_databases");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Ignore(x => x.GoneAt);
        b.HasOne<Instance>().WithMany().HasForeignKey(x => x.InstanceId);
        b.HasIndex(x => new { x.WorkspaceId, x.Name });
        b.HasIndex(x => new { x.InstanceId, x.Name }).IsUnique();
    }
}
