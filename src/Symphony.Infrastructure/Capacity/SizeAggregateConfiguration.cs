using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Capacity;
using Symphony.Domain.Fleet;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Capacity;

internal sealed class DatabaseSizeAggregateConfiguration : IEntityTypeConfiguration<DatabaseSizeAggregate>
{
    public void Configure(EntityTypeBuilder<DatabaseSizeAggregate> b)
    {
        b.ToTable("database_size_aggregates");
        b.HasKey(x => new { x.DatabaseId, x.PeriodType, x.PeriodStart });
        b.Property(x => x.PeriodType).HasConversion(ModelConventions.LowerCase<PeriodType>()).HasMaxLength(10);
        b.Property(x => x.Trend).HasMaxLength(10);
        b.HasOne<InstanceDatabase>().WithMany().HasForeignKey(x => x.DatabaseId);
        b.HasIndex(x => new { x.WorkspaceId, x.PeriodType, x.PeriodStart });
        b.HasIndex(x => new { x.InstanceId, x.PeriodType, x.PeriodStart });
    }
}

internal sealed class InstanceSizeAggregateConfiguration : IEntityTypeConfiguration<InstanceSizeAggregate>
{
    public void Configure(EntityTypeBuilder<InstanceSizeAggregate> b)
    {
        b.ToTable("instance_size_aggregates");
        b.HasKey(x => new { x.InstanceId, x.PeriodType, x.PeriodStart });
        b.Property(x => x.PeriodType).HasConversion(ModelConventions.LowerCase<PeriodType>()).HasMaxLength(10);
        b.Property(x => x.Trend).HasMaxLength(10);
        b.HasOne<Instance>().WithMany().HasForeignKey(x => x.InstanceId);
        b.HasIndex(x => new { x.WorkspaceId, x.PeriodType, x.PeriodStart });
    }
}
