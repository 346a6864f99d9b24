using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Capacity;

namespace Symphony.Infrastructure.Capacity;

internal sealed class TableSizeStatConfiguration : IEntityTypeConfiguration<TableSizeStat>
{
    public void Configure(EntityTypeBuilder<TableSizeStat> b)
    {
        b.ToTable("table_size_stats");
        b.Property(x => x.SchemaName).HasMaxLength(200);
        b.Property(x => x.TableName).HasMaxLength(200);
        b.Property(x => x.Kind).HasMaxLength(30);
        b.HasOne<InstanceDatabase>().WithMany().HasForeignKey(x => x.DatabaseId);
        b.HasIndex(x => new { x.DatabaseId, x.TotalBytes });
    }
}
