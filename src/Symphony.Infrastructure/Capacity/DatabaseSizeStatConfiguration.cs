using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Capacity;

namespace Symphony.Infrastructure.Capacity;

internal sealed class DatabaseSizeStatConfiguration : IEntityTypeConfiguration<DatabaseSizeStat>
{
    public void Configure(EntityTypeBuilder<DatabaseSizeStat> b)
    {
        b.ToTable("database_size_stats");
        b.HasOne<InstanceDatabase>().WithMany().HasForeignKey(x => x.DatabaseId);
        b.HasIndex(x => new { x.InstanceId, x.Day });
        b.HasIndex(x => new { x.DatabaseId, x.Day }).IsUnique();
    }
}
