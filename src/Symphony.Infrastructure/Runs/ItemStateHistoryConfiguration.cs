using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Symphony.Domain.Runs;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Runs;

internal sealed class ItemStateHistoryConfiguration : IEntityTypeConfiguration<ItemStateHistory>
{
    public void Configure(EntityTypeBuilder<ItemStateHistory> b)
    {
        b.ToTable("item_state_history");
        b.Property(x => x.FromStatus).HasConversion(ModelConventions.LowerCase<ExecutionStatus>()).HasMaxLength(20);
        b.Property(x => x.ToStatus).HasConversion(ModelConventions.LowerCase<ExecutionStatus>()).HasMaxLength(20);
        b.Property(x => x.Reason).HasMaxLength(2000);
        b.Property(x => x.Worker).HasMaxLength(100);
        b.HasIndex(x => new { x.ItemExecutionId, x.OccurredAt });
        b.HasIndex(x => x.RunId);
    }
}
